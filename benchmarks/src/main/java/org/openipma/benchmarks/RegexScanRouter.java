package org.openipma.benchmarks;

import java.util.List;
import java.util.regex.Matcher;
import org.openipma.routing.Route;

/**
 * The baseline digit analysis: every pattern of every partition of the CSS, in CSS order, tried as a
 * precompiled {@link java.util.regex.Pattern} built from {@link org.openipma.routing.Pattern#toRegex()};
 * of the matches, the one with the lowest {@link org.openipma.routing.Pattern#countAt(int) countAt(length)}
 * wins, ties going to the earlier partition and, within a partition, to the earlier declaration. That is
 * the closest-match rule of {@link org.openipma.routing.DialPlan} written the obvious way, so it also
 * serves as the oracle the fixture checks the trie against.
 *
 * <p>Each pattern keeps one reusable {@link Matcher}, so a lookup allocates nothing and the comparison
 * measures matching, not garbage. Not thread-safe (the matchers are reused): one instance per thread.
 * Exact for the fixture's counts, which stay below 2<sup>53</sup> (the plan compares larger ones exactly).
 */
final class RegexScanRouter implements Router {
    private final Matcher[][] matchersByPartition;
    private final Route[][] routesByPartition;
    private final int[][] cssPartitions;

    /**
     * @param routesByPartition each partition's routes in declaration order
     * @param cssPartitions     per CSS number, its partition indexes in CSS order
     */
    RegexScanRouter(List<List<Route>> routesByPartition, int[][] cssPartitions) {
        this.matchersByPartition = new Matcher[routesByPartition.size()][];
        this.routesByPartition = new Route[routesByPartition.size()][];
        for (int p = 0; p < routesByPartition.size(); p++) {
            List<Route> routes = routesByPartition.get(p);
            this.routesByPartition[p] = routes.toArray(new Route[0]);
            this.matchersByPartition[p] = new Matcher[routes.size()];
            for (int i = 0; i < routes.size(); i++) {
                matchersByPartition[p][i] = java.util.regex.Pattern.compile(routes.get(i).pattern().toRegex()).matcher("");
            }
        }
        this.cssPartitions = cssPartitions;
    }

    @Override
    public Route route(int css, String digits) {
        int length = digits.length();
        Route best = Route.NOT_FOUND;
        double bestCount = Double.POSITIVE_INFINITY;
        for (int partition : cssPartitions[css]) {
            Matcher[] matchers = matchersByPartition[partition];
            Route[] routes = routesByPartition[partition];
            for (int i = 0; i < matchers.length; i++) {
                if (matchers[i].reset(digits).matches()) {
                    double count = routes[i].pattern().countAt(length);
                    if (count < bestCount) {
                        best = routes[i];
                        bestCount = count;
                    }
                }
            }
        }
        return best;
    }
}
