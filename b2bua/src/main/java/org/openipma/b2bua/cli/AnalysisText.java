package org.openipma.b2bua.cli;

import java.io.PrintWriter;
import java.math.BigInteger;

/**
 * Renders an {@link Analysis} for people: one labelled line per fact, then the candidates as a table.
 * <pre>
 * from        1003/PT_INTERNAL on SEP-PHONE3
 * dialed      1001
 * CSS         CSS_DEFAULT (device CSS), searched in order: PT_INTERNAL, PT_VOICEMAIL, PT_FEATURES
 * reaches     100X/PT_INTERNAL: route point RP_IPMA
 * onward      route point RP_IPMA decides (CSS_IPMA); its CFNA 100X → 1001 reaches 1001/PT_MANAGER
 * candidates
 *   100X/PT_INTERNAL  route point RP_IPMA        10 strings  closest match
 *   1001/PT_MANAGER   line of phone SEP-MANAGER   1 string   partition not in the CSS
 * </pre>
 */
final class AnalysisText {
    private AnalysisText() {
    }

    static void print(Analysis analysis, PrintWriter out) {
        Analysis.Caller from = analysis.from();
        line(out, "from", from.dn() + "/" + from.partition() + " on " + from.phone());
        line(out, "dialed", analysis.dialed());
        line(out, "CSS", css(analysis.css()));
        line(out, "reaches", analysis.routed()
                ? analysis.winner().where() + ": " + analysis.winner().owner()
                : "nothing: no pattern in " + analysis.css().name() + " matches " + analysis.dialed()
                        + " (the caller hears \"not found\")");
        if (analysis.onward() != null) {
            line(out, "onward", onward(analysis.onward()));
        }
        if (analysis.candidates().isEmpty()) {
            line(out, "candidates", "none: no pattern in any partition matches " + analysis.dialed());
            return;
        }
        out.println("candidates");
        int whereWidth = analysis.candidates().stream().mapToInt(c -> c.where().length()).max().orElse(0);
        int ownerWidth = analysis.candidates().stream().mapToInt(c -> c.owner().length()).max().orElse(0);
        int countWidth = analysis.candidates().stream().mapToInt(c -> c.specificity().toString().length())
                .max().orElse(0);
        for (Analysis.Candidate candidate : analysis.candidates()) {
            out.println(String.format("  %-" + whereWidth + "s  %-" + ownerWidth + "s  %" + countWidth + "s %-7s  %s",
                    candidate.where(), candidate.owner(), candidate.specificity(),
                    candidate.specificity().equals(BigInteger.ONE) ? "string" : "strings", candidate.reason()));
        }
    }

    private static String css(Analysis.Css css) {
        String origin;
        if (css.lineCss() != null && css.deviceCss() != null) {
            origin = "line CSS " + css.lineCss() + ", then device CSS " + css.deviceCss();
        } else if (css.lineCss() != null) {
            origin = "line CSS";
        } else if (css.deviceCss() != null) {
            origin = "device CSS";
        } else {
            return "none: the line and its phone have no CSS, so no partition is searched";
        }
        return css.name() + " (" + origin + "), searched in order: "
                + (css.partitions().isEmpty() ? "no partition" : String.join(", ", css.partitions()));
    }

    /** {@code route point RP_IPMA decides (CSS_IPMA); its CFNA 100X → 1001 reaches 1001/PT_MANAGER}. */
    private static String onward(Analysis.Onward onward) {
        String decides = "route point " + onward.routePoint() + " decides (" + onward.css() + ")";
        Analysis.Forward cfna = onward.forwardNoAnswer();
        if (cfna == null) {
            return decides + "; it has no CFNA, so nothing takes the call if the routing service fails";
        }
        String through = cfna.css().equals(onward.css()) ? "" : " through " + cfna.css();
        return decides + "; its CFNA " + cfna.mask() + " → " + cfna.destination() + through
                + (cfna.reaches() != null ? " reaches " + cfna.reaches() : " reaches nothing (not found)");
    }

    private static void line(PrintWriter out, String label, String value) {
        out.println(String.format("%-11s %s", label, value));
    }
}
