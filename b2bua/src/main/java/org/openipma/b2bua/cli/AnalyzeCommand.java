package org.openipma.b2bua.cli;

import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.openipma.routing.Cluster;
import org.openipma.routing.IpmaConfig;
import org.openipma.routing.LineAppearance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ipma analyze}: Cisco's Dialed Number Analyzer for one calling line. Prints the effective CSS, the
 * closest match and every other matching pattern with the reason it lost; for a route point, where the
 * call goes onward. Exit 0 when the digits route, 1 when they do not, 2 for an invalid configuration or a
 * {@code --from} line the configuration does not have.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {"What a calling line reaches by dialing some digits, and why (closest match through its"
                + " line CSS, then its device CSS).",
            "Exit status: 0 routed, 1 not found, 2 invalid configuration or unknown --from line."})
final class AnalyzeCommand extends ConfigCommand {
    @Option(names = "--from", required = true, paramLabel = "DN[/PARTITION]",
            description = "The calling line, e.g. 1003 or 1112/PT_INTERNAL.")
    String from;

    @Option(names = "--phone", paramLabel = "NAME",
            description = "The phone, when --from is a shared line whose phones search different CSSes.")
    String phone;

    @Option(names = "--dial", required = true, paramLabel = "DIGITS", description = "The digits dialed, e.g. 1001.")
    String digits;

    @Option(names = "--json", description = "Print the analysis as JSON.")
    boolean json;

    @Override
    int run(Cluster cluster) {
        Analysis analysis = Analysis.of(callingLine(cluster), digits, cluster);
        if (json) {
            printJson(analysis);
        } else {
            AnalysisText.print(analysis, out());
        }
        return analysis.routed() ? EXIT_OK : EXIT_NEGATIVE;
    }

    /**
     * The line {@code --from} (and {@code --phone}) names. Several appearances are fine when they search
     * the same partitions (a shared line on alike phones): the analysis is the same from each.
     */
    private LineAppearance callingLine(Cluster cluster) {
        int slash = from.lastIndexOf('/');
        String dn = slash < 0 ? from : from.substring(0, slash);
        String partition = slash < 0 ? null : from.substring(slash + 1);
        List<LineAppearance> matches = cluster.appearances(dn).stream()
                .filter(line -> partition == null || line.line().partition().equals(partition))
                .filter(line -> phone == null || line.phone().name().equals(phone))
                .toList();
        if (matches.isEmpty()) {
            throw new Refusal("--from '" + from + "'" + (phone == null ? "" : " --phone '" + phone + "'")
                    + ": no such phone line (lines: " + String.join(", ", allLines(cluster)) + ")");
        }
        if (matches.stream().map(line -> line.effectiveCss().partitions()).distinct().count() > 1) {
            throw new Refusal("--from '" + from + "': several lines search different CSSes ("
                    + matches.stream().map(line -> line + " with " + line.effectiveCss().name())
                            .collect(Collectors.joining(", "))
                    + "); name one with DN/PARTITION or --phone");
        }
        return matches.get(0);
    }

    private static TreeSet<String> allLines(Cluster cluster) {
        TreeSet<String> lines = new TreeSet<>();
        for (IpmaConfig.Phone each : cluster.config().phones()) {
            each.lines().forEach(line -> lines.add(line.dn() + "/" + line.partition()));
        }
        return lines;
    }
}
