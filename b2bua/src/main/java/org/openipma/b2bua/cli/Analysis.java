package org.openipma.b2bua.cli;

import java.math.BigInteger;
import java.util.List;
import org.openipma.routing.CallingSearchSpace;
import org.openipma.routing.Cluster;
import org.openipma.routing.Explanation;
import org.openipma.routing.LineAppearance;
import org.openipma.routing.Route;
import org.openipma.routing.RoutePointLine;

/**
 * The answer of {@code ipma analyze}, as plain data: the JSON output is this record as Jackson writes it,
 * and {@link AnalysisText} renders the same data for people, so the two can never disagree.
 *
 * @param from the calling line
 * @param dialed the digits dialed
 * @param css the effective CSS searched (line CSS then device CSS)
 * @param routed whether a pattern the CSS reaches matched
 * @param winner the closest match; null when not routed
 * @param onward where the route point sends the call onward; null unless the winner is a route point line
 * @param candidates every pattern of the plan matching the digits, winner first, each with its verdict
 */
public record Analysis(Caller from, String dialed, Css css, boolean routed, Candidate winner, Onward onward,
                List<Candidate> candidates) {

    /** The calling line: a directory number in a partition, on a phone. */
    record Caller(String dn, String partition, String phone) {
    }

    /**
     * An effective calling search space.
     *
     * @param name {@code CSS_IPMA+CSS_DEFAULT} for a line CSS followed by a device CSS
     * @param lineCss the line's own CSS, or null
     * @param deviceCss the phone's CSS, or null
     * @param partitions the partitions searched, in order
     */
    record Css(String name, String lineCss, String deviceCss, List<String> partitions) {
    }

    /**
     * A pattern matching the digits.
     *
     * @param kind {@code PHONE_LINE} or {@code ROUTE_POINT}
     * @param owner who owns the pattern, e.g. {@code route point RP_IPMA}
     * @param specificity how many strings of the dialed length the pattern matches (fewer wins)
     * @param cssPosition position of its partition in the CSS (0 first), or -1 when the CSS does not reach it
     * @param verdict {@code WINNER}, {@code LESS_SPECIFIC}, {@code LATER_PARTITION}, {@code DECLARED_LATER}
     *                or {@code PARTITION_NOT_IN_CSS}
     * @param reason the verdict in words
     */
    record Candidate(String pattern, String partition, String kind, String owner, BigInteger specificity,
                     int cssPosition, String verdict, String reason) {

        static Candidate of(Explanation.Candidate candidate) {
            Route route = candidate.route();
            return new Candidate(route.pattern().text(), route.partition(), route.target().kind().name(),
                    route.target().describe(), candidate.specificity(), candidate.cssPosition(),
                    candidate.verdict().name(), candidate.verdict().reason());
        }

        String where() {
            return pattern + "/" + partition;
        }
    }

    /**
     * What a route point does with the call: the B2BUA decides through the route point's CSS; when the
     * routing service fails, the Call Forward No Answer applies.
     *
     * @param forwardNoAnswer null when the route point line has none
     */
    record Onward(String routePoint, String css, Forward forwardNoAnswer) {
    }

    /**
     * The route point's Call Forward No Answer for these digits.
     *
     * @param mask the configured destination, e.g. {@code 100X}
     * @param destination the mask applied to the dialed digits, e.g. {@code 1001}
     * @param css the CSS the destination is routed through
     * @param reaches {@code pattern/partition} the destination reaches, or null when not found
     * @param owner who owns that pattern, or null when not found
     */
    record Forward(String mask, String destination, String css, String reaches, String owner) {
    }

    /** Analyses {@code digits} dialed from {@code caller} through its effective CSS. */
    public static Analysis of(LineAppearance caller, String digits, Cluster cluster) {
        CallingSearchSpace css = caller.effectiveCss();
        Explanation explanation = cluster.dialPlan().explain(css, digits);
        List<Candidate> candidates = explanation.candidates().stream().map(Candidate::of).toList();
        Candidate winner = explanation.isRouted() ? candidates.get(0) : null;
        Onward onward = explanation.winner().target() instanceof RoutePointLine routePoint
                ? onward(routePoint, digits, cluster) : null;
        return new Analysis(new Caller(caller.dn(), caller.line().partition(), caller.phone().name()), digits,
                new Css(css.name(), caller.line().css(), caller.phone().css(), css.partitions()),
                explanation.isRouted(), winner, onward, candidates);
    }

    private static Onward onward(RoutePointLine routePoint, String digits, Cluster cluster) {
        Forward forward = null;
        if (routePoint.hasForwardNoAnswer()) {
            String destination = routePoint.forwardNoAnswerDestination(digits);
            Route reached = cluster.dialPlan().route(routePoint.forwardNoAnswerCss(), destination);
            forward = new Forward(routePoint.line().forwardNoAnswer().destination(), destination,
                    routePoint.forwardNoAnswerCss().name(),
                    reached.isFound() ? reached.pattern().text() + "/" + reached.partition() : null,
                    reached.isFound() ? reached.target().describe() : null);
        }
        return new Onward(routePoint.routePoint().name(), routePoint.css().name(), forward);
    }
}
