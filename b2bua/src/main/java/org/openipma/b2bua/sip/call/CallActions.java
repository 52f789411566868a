package org.openipma.b2bua.sip.call;

import java.text.ParseException;
import java.util.Optional;
import java.util.function.Predicate;
import javax.sip.SipException;
import javax.sip.message.Response;
import org.openipma.routing.Cluster;
import org.openipma.routing.FeatureCode;
import org.openipma.routing.IpmaConfig;
import org.openipma.routing.LineAppearance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a manager or an assistant does to a call that is ringing (REFERENCE §4–§5), from any plain SIP phone by
 * a feature code: <b>Intercept</b> (the manager takes the oldest call for them ringing on an assistant's proxy
 * line: it rings the manager's line instead; refused once the assistant answered), <b>Redirect</b> (the oldest
 * call ringing at the manager goes to the divert target; the oldest ringing at an assistant's proxy line goes
 * to the manager) and <b>transfer to voicemail</b> (the oldest ringing call for the manager goes to the
 * voicemail pilot on the manager line's behalf). Only calls the route point decided are acted on.
 *
 * <p>The moved call keeps its caller leg: the old ringing round is cancelled and a new one rings the new target
 * (a {@link CallEvent.Type#DIVERTED} event saying who did what, so the call record shows it). The phone that
 * dialled the code gets {@code 603} with what happened, or the refusal with its reason.
 */
final class CallActions {
    private static final Logger log = LoggerFactory.getLogger(CallActions.class);

    private final CallRegistry registry;
    private final Forking forking;

    CallActions(CallRegistry registry, Forking forking) {
        this.registry = registry;
        this.forking = forking;
    }

    /** Applies the call action {@code code} dialled by {@code caller}; the answer to give the dialling phone. */
    Answer apply(Cluster cluster, LineAppearance caller, FeatureCode code) {
        String user = caller.phone().user();
        Optional<IpmaConfig.Manager> manager = cluster.config().managers().stream()
                .filter(candidate -> candidate.user().equals(user)).findFirst();
        boolean assistant = cluster.config().managers().stream()
                .anyMatch(m -> m.assistants().stream().anyMatch(a -> a.user().equals(user)));
        return switch (code.action()) {
            case INTERCEPT -> manager.isEmpty() ? forbidden(user + " is not a manager") : intercept(manager.get());
            case REDIRECT -> manager.isPresent() ? redirectFromManager(manager.get())
                    : assistant ? redirectFromAssistant(user) : forbidden(user + " is not a manager or an assistant");
            case TRANSFER_TO_VOICEMAIL -> manager.isPresent() ? toVoicemail(user, d -> isFor(d, user))
                    : assistant ? toVoicemail(user, d -> d.assistant() != null && d.assistant().user().equals(user))
                    : forbidden(user + " is not a manager or an assistant");
            default -> throw new IllegalArgumentException(code.action() + " is not a call action");
        };
    }

    private Answer intercept(IpmaConfig.Manager manager) {
        String who = manager.user();
        Predicate<Destination> atAnAssistant = d -> isFor(d, who) && d.ringsAssistant();
        Optional<Call> ringing = registry.oldest(call -> !call.isAnswered() && atAnAssistant.test(call.destination));
        if (ringing.isEmpty()) {
            Optional<Call> answered = registry.oldest(call -> call.isAnswered() && atAnAssistant.test(call.destination));
            return answered.isPresent()
                    ? unavailable("the call from " + answered.get().caller.dn() + " was already answered by "
                            + answered.get().destination.assistant().user())
                    : unavailable("no call for " + who + " is ringing at an assistant");
        }
        return move(ringing.get(), "intercepted", call -> call.router.toManager(call.destination, call.dialed,
                "intercepted by " + who));
    }

    private Answer redirectFromManager(IpmaConfig.Manager manager) {
        String who = manager.user();
        Optional<Call> ringing = registry.oldest(call -> !call.isAnswered() && isFor(call.destination, who)
                && !call.destination.ringsAssistant() && manager.lines().contains(call.destination.number().dn()));
        if (ringing.isEmpty()) {
            return unavailable("no call is ringing at " + who);
        }
        return move(ringing.get(), "redirected", call -> call.router.divertTarget(call.destination, call.dialed,
                "redirected by " + who));
    }

    private Answer redirectFromAssistant(String who) {
        Optional<Call> ringing = registry.oldest(call -> !call.isAnswered() && call.destination.routePoint() != null
                && call.destination.assistant() != null && call.destination.assistant().user().equals(who));
        if (ringing.isEmpty()) {
            return unavailable("no call is ringing at " + who + "'s proxy lines");
        }
        return move(ringing.get(), "redirected", call -> call.router.toManager(call.destination, call.dialed,
                "redirected to the manager by " + who));
    }

    private Answer toVoicemail(String who, Predicate<Destination> whose) {
        Optional<Call> ringing = registry.oldest(call -> !call.isAnswered() && call.destination.routePoint() != null
                && call.destination.manager() != null && whose.test(call.destination));
        if (ringing.isEmpty()) {
            return unavailable("no call for a manager of " + who + " is ringing");
        }
        return move(ringing.get(), "sent to voicemail", call -> call.router.toVoicemail(call.destination,
                call.dialed, "transferred to voicemail by " + who));
    }

    /** Moves {@code call} to where {@code target} says, if it still rings; the answer for the dialling phone. */
    private Answer move(Call call, String what, java.util.function.Function<Call, RoutingResult> target) {
        synchronized (call) {
            if (call.ended || call.isAnswered()) {
                return unavailable("the call from " + call.caller.dn() + " was answered or ended meanwhile");
            }
            RoutingResult next = target.apply(call);
            if (!next.isRouted()) {
                return next.refusal();
            }
            try {
                forking.reroute(call, next.destination());
            } catch (SipException | ParseException e) {
                log.warn("{}: could not be {}: {}", call, what, e.getMessage());
                return Answer.of(Response.SERVER_INTERNAL_ERROR, "Server Internal Error (" + e.getMessage() + ")");
            }
            return Answer.of(FeatureCodeDialing.DONE, what + ": the call from " + call.caller.dn() + " rings "
                    + next.destination().number().dn());
        }
    }

    /** Whether a destination was decided by the route point for {@code manager}'s line. */
    private static boolean isFor(Destination destination, String manager) {
        return destination.routePoint() != null && destination.manager() != null
                && destination.manager().user().equals(manager);
    }

    private static Answer forbidden(String why) {
        return Answer.of(Response.FORBIDDEN, "Forbidden (" + why + ")");
    }

    private static Answer unavailable(String why) {
        return Answer.of(Response.TEMPORARILY_UNAVAILABLE, "Temporarily Unavailable (" + why + ")");
    }
}
