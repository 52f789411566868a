package org.openipma.b2bua.sip.subscribe;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sip.message.Response;
import org.openipma.b2bua.control.ManagerControls;
import org.openipma.routing.Cluster;
import org.openipma.routing.FeatureCode;
import org.openipma.routing.IpmaConfig;
import org.openipma.routing.LineAppearance;
import org.openipma.routing.ManagerSettings;
import org.openipma.routing.Route;
import org.openipma.state.StateUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The filter lamp: a BLF key per manager that shows whether the manager's filter is on, and toggles it when
 * pressed (the key calls the filter-toggle code, {@code *86} by default). The key is a {@code dialog}
 * subscription (RFC 4235) whose Request-URI user is the filter-toggle code ({@code sip:*86@domain}); it is the
 * lamp of the subscriber's own manager role, as the code acts on the caller's own settings.
 *
 * <p>Who may watch it: the subscribing line's CSS must reach the code as the filter toggle, as dialling it
 * would (else {@code 404}), and the subscriber's phone user must be a manager (else {@code 403}).
 *
 * <p>Its state, as a full dialog-info document: filter on → one {@code confirmed} dialog (busy lamp), filter
 * off → no dialog (idle). The first NOTIFY and every refresh read the state through
 * {@link ManagerControls#settingsOf}; each settings change committed through the same {@link ManagerControls}
 * (any code) sends the lamp's subscribers a NOTIFY with the new state. Settings changed on another node
 * sharing the database are not pushed: the lamp shows them at its next refresh. While the state cannot be
 * read, the lamp shows the last state it showed for that manager (the configured one before any).
 *
 * <p>Threads: {@link #mayWatch} runs on SIP threads and reads only the configuration; {@link #settingsChanged}
 * only queues; everything else runs on the registry's worker, which alone owns the last-shown state.
 */
final class FilterLamps implements ManagerControls.SettingsListener {
    private static final Logger log = LoggerFactory.getLogger(FilterLamps.class);

    private final SubscriptionRegistry registry;
    private final Supplier<Cluster> clusters;
    private final ManagerControls controls;
    private final String domain;
    /** Manager (by user) → the filter state last shown: the worker's alone. */
    private final Map<String, Boolean> lastShown = new HashMap<>();

    FilterLamps(SubscriptionRegistry registry, Supplier<Cluster> clusters, ManagerControls controls, String domain) {
        this.registry = registry;
        this.clusters = clusters;
        this.controls = controls;
        this.domain = domain;
    }

    /**
     * Null when {@code watched} is not {@code cluster}'s filter-toggle code (a line's lamp, judged as such);
     * else the manager (by user) whose filter lamp {@code subscriber} may watch, or the refusal saying why not.
     */
    static Verdict<String> mayWatch(Cluster cluster, LineAppearance subscriber, String watched) {
        IpmaConfig.FeatureCodeSettings codes = cluster.config().featureCodes();
        if (watched == null || codes == null || !watched.equals(codes.codes().get(FeatureCode.Action.FILTER_TOGGLE))) {
            return null;
        }
        Route route = cluster.route(subscriber, watched);
        if (!(route.target() instanceof FeatureCode code && code.action() == FeatureCode.Action.FILTER_TOGGLE)) {
            return Verdict.refuse(Refusal.of(Response.NOT_FOUND, "Not Found (line " + subscriber.dn()
                    + " cannot reach the filter toggle " + watched + ": its CSS reaches "
                    + (route.isFound() ? route.toString() : "nothing") + ")"));
        }
        String user = subscriber.phone().user();
        if (manager(cluster, user).isEmpty()) {
            return Verdict.refuse(Refusal.of(Response.FORBIDDEN, "Forbidden (" + user + " is not a manager)"));
        }
        return Verdict.of(user);
    }

    /** Queues a NOTIFY with the new filter state to each lamp of {@code manager}. */
    @Override
    public void settingsChanged(String manager, ManagerSettings settings) {
        registry.execute(() -> {
            lastShown.put(manager, settings.filterEnabled());
            for (Subscription lamp : registry.live(s -> manager.equals(s.filterOf))) {
                registry.notifyActive(lamp, document(lamp, settings.filterEnabled()));
            }
        });
    }

    /** The body of the next NOTIFY of {@code lamp}, with the state read now. Worker thread only. */
    String body(Subscription lamp) {
        return document(lamp, filterOn(lamp.filterOf));
    }

    private boolean filterOn(String user) {
        Optional<IpmaConfig.Manager> manager = manager(clusters.get(), user);
        if (manager.isEmpty()) {
            return false; // No longer a manager (a reload): nothing to filter.
        }
        try {
            boolean on = controls.settingsOf(manager.get()).filterEnabled();
            lastShown.put(user, on);
            return on;
        } catch (StateUnavailableException e) {
            boolean shown = lastShown.getOrDefault(user, ManagerSettings.of(manager.get()).filterEnabled());
            log.warn("filter lamp of {}: state unavailable ({}), showing filter {}", user, e.getMessage(),
                    shown ? "on" : "off");
            return shown;
        }
    }

    private String document(Subscription lamp, boolean filterOn) {
        lamp.version++;
        List<DialogEvents.LineDialog> dialogs = filterOn
                ? List.of(new DialogEvents.LineDialog(lamp.watched, "filter-" + lamp.filterOf, true,
                        DialogEvents.State.CONFIRMED, lamp.watched))
                : List.of();
        return DialogInfo.document(uri(lamp.watched), lamp.version, dialogs, this::uri);
    }

    private static Optional<IpmaConfig.Manager> manager(Cluster cluster, String user) {
        return cluster.config().managers().stream().filter(manager -> manager.user().equals(user)).findFirst();
    }

    private String uri(String user) {
        return "sip:" + user + "@" + domain;
    }
}
