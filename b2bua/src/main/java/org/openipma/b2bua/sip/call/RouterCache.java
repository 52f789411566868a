package org.openipma.b2bua.sip.call;

import java.util.function.Function;
import java.util.function.Supplier;
import org.openipma.routing.Cluster;

/**
 * The {@link CallRouter} of the configuration snapshot in force, built once per snapshot: a reload swaps the
 * snapshot and the next call gets a router over the new one, while calls in progress keep theirs.
 */
final class RouterCache implements Supplier<CallRouter> {
    private final Supplier<Cluster> clusters;
    private final Function<Cluster, CallRouter> build;
    private volatile CallRouter current;

    RouterCache(Supplier<Cluster> clusters, Function<Cluster, CallRouter> build) {
        this.clusters = clusters;
        this.build = build;
    }

    @Override
    public CallRouter get() {
        Cluster cluster = clusters.get();
        CallRouter router = current;
        if (router == null || router.cluster() != cluster) {
            // Two threads may both build one after a swap; either result is equivalent.
            router = build.apply(cluster);
            current = router;
        }
        return router;
    }
}
