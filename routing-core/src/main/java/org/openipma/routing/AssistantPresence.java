package org.openipma.routing;

import java.util.function.Predicate;

/**
 * Which assistants are logged in for which managers: a read view of state the B2BUA stores (assistants log
 * in and out with feature codes or the console). The state is per (assistant, manager) pair, both by user;
 * a pair with nothing stored is logged in, as the configuration starts everyone.
 *
 * <p>Routing needs <em>availability</em>, which is more: logged in for that manager <em>and</em> reachable,
 * i.e. one of the assistant's proxy lines has a live registration. {@link #availableFor} combines the two.
 */
@FunctionalInterface
public interface AssistantPresence {

    /** Whether {@code assistant} is logged in for {@code manager} (both phone users). */
    boolean isLoggedIn(String assistant, String manager);

    /** Everyone logged in for every manager: the state a configuration starts with. */
    static AssistantPresence allLoggedIn() {
        return (assistant, manager) -> true;
    }

    /**
     * The availability {@link RoutingDecision} takes for {@code manager}'s assistants.
     *
     * @param registered whether an assistant (by user) has a live registration of one of its proxy lines
     * @return assistant user → logged in for {@code manager} and registered
     */
    default Predicate<String> availableFor(IpmaConfig.Manager manager, Predicate<String> registered) {
        return assistant -> isLoggedIn(assistant, manager.user()) && registered.test(assistant);
    }
}
