package org.openipma.b2bua.sip.call;

import java.text.ParseException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.sip.SipException;
import javax.sip.message.Response;
import org.openipma.b2bua.control.ActionOutcome;
import org.openipma.b2bua.control.CallAction;
import org.openipma.b2bua.control.CallControls;
import org.openipma.b2bua.control.LiveCall;
import org.openipma.routing.Cluster;
import org.openipma.routing.FeatureCode;
import org.openipma.routing.IpmaConfig;
import org.openipma.routing.LineAppearance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a manager or an assistant does to a call that is ringing (REFERENCE §4–§5), two ways: from any plain SIP
 * phone by a feature code, which acts on the oldest matching call, and from the console or the API
 * ({@link CallControls}), which names the call by id. <b>Intercept</b> (the manager takes a call for them ringing
 * on an assistant's proxy line: it rings the manager's line instead; refused once the assistant answered),
 * <b>Redirect</b> (a call ringing at the manager goes to the divert target; one ringing at an assistant's proxy
 * line goes to the manager; from the API also to any number the manager's line can dial) and <b>transfer to
 * voicemail</b> (the ringing call goes to the voicemail pilot on the manager line's behalf). Only calls the route
 * point decided are moved.
 *
 * <p>Both ways end in {@link #move}: the moved call keeps its caller leg, the old ringing round is cancelled and
 * a new one rings the new target (a {@link CallEvent.Type#DIVERTED} event saying who did what, so the call record
 * shows it). The phone that dialled the code gets {@code 603} with what happened, or the refusal with its reason.
 */
final class CallActions implements CallControls {
    private static final Logger log = LoggerFactory.getLogger(CallActions.class);

    private final CallRegistry registry;
    private final Forking forking;
    private final Termination termination;

    CallActions(CallRegistry registry, Forking forking, Termination termination) {
        this.registry = registry;
        this.forking = forking;
        this.termination = termination;
    }

    /** A move's answer, for the phone that dialled a code and for the API. */
    private record Move(Answer answer, ActionOutcome outcome) {
        static Move gone(String why) {
            return new Move(unavailable(why), ActionOutcome.of(ActionOutcome.Kind.GONE, why));
        }
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
        return move(ringing.get(), call -> true, null, "intercepted", toManagerBy("intercepted by " + who)).answer();
    }

    private Answer redirectFromManager(IpmaConfig.Manager manager) {
        String who = manager.user();
        Optional<Call> ringing = registry.oldest(call -> !call.isAnswered() && isFor(call.destination, who)
                && !call.destination.ringsAssistant() && manager.lines().contains(call.destination.number().dn()));
        if (ringing.isEmpty()) {
            return unavailable("no call is ringing at " + who);
        }
        return move(ringing.get(), call -> true, null, "redirected", call -> call.router.divertTarget(call.destination,
                call.dialed, "redirected by " + who)).answer();
    }

    private Answer redirectFromAssistant(String who) {
        Optional<Call> ringing = registry.oldest(call -> !call.isAnswered() && call.destination.routePoint() != null
                && call.destination.assistant() != null && call.destination.assistant().user().equals(who));
        if (ringing.isEmpty()) {
            return unavailable("no call is ringing at " + who + "'s proxy lines");
        }
        return move(ringing.get(), call -> true, null, "redirected",
                toManagerBy("redirected to the manager by " + who)).answer();
    }

    private Answer toVoicemail(String who, Predicate<Destination> whose) {
        Optional<Call> ringing = registry.oldest(call -> !call.isAnswered() && call.destination.routePoint() != null
                && call.destination.manager() != null && whose.test(call.destination));
        if (ringing.isEmpty()) {
            return unavailable("no call for a manager of " + who + " is ringing");
        }
        return move(ringing.get(), call -> true, null, "sent to voicemail", toVoicemailBy(who)).answer();
    }

    @Override
    public List<LiveCall> liveCalls() {
        return registry.snapshot().stream()
                .sorted(java.util.Comparator.comparingLong(call -> Long.parseLong(call.id)))
                .map(CallActions::view).flatMap(Optional::stream).toList();
    }

    @Override
    public Optional<LiveCall> find(String id) {
        return registry.find(id).flatMap(CallActions::view);
    }

    @Override
    public ActionOutcome act(String id, CallAction action, String number, String who) {
        Optional<Call> found = registry.find(id);
        if (found.isEmpty()) {
            return ActionOutcome.of(ActionOutcome.Kind.NO_SUCH_CALL, "no live call " + id);
        }
        Call call = found.get();
        Predicate<Call> decided = c -> c.destination != null && c.destination.routePoint() != null
                && c.destination.manager() != null;
        return switch (action) {
            case REDIRECT_TO_MANAGER -> move(call, decided.and(c -> c.destination.ringsAssistant()),
                    "it is not ringing at an assistant's proxy line", "redirected",
                    toManagerBy("redirected to the manager by " + who)).outcome();
            case INTERCEPT -> move(call, decided.and(c -> c.destination.ringsAssistant()),
                    "it is not ringing at an assistant's proxy line", "intercepted",
                    toManagerBy("intercepted by " + who)).outcome();
            case VOICEMAIL -> move(call, decided, "the route point did not decide it", "sent to voicemail",
                    toVoicemailBy(who)).outcome();
            case REDIRECT -> move(call, decided, "the route point did not decide it", "redirected",
                    c -> c.router.throughManagerLine(c.destination, c.dialed, number, "redirected to " + number
                            + " by " + who)).outcome();
            case HANGUP -> hangUp(call, who);
        };
    }

    private static Function<Call, RoutingResult> toManagerBy(String why) {
        return call -> call.router.toManager(call.destination, call.dialed, why);
    }

    private static Function<Call, RoutingResult> toVoicemailBy(String who) {
        return call -> call.router.toVoicemail(call.destination, call.dialed, "transferred to voicemail by " + who);
    }

    /**
     * The one move of a ringing call, whoever asked: if it still rings and {@code needs} still holds (tested under
     * the call's monitor, as the call may have changed since it was chosen), rings where {@code target} says.
     */
    private Move move(Call call, Predicate<Call> needs, String needsText, String what,
                      Function<Call, RoutingResult> target) {
        synchronized (call) {
            if (call.ended || call.isAnswered()) {
                return Move.gone("the call from " + call.caller.dn() + " was answered or ended meanwhile");
            }
            if (!needs.test(call)) {
                return Move.gone("the call from " + call.caller.dn() + " cannot be " + what + ": " + needsText);
            }
            RoutingResult next = target.apply(call);
            if (!next.isRouted()) {
                return new Move(next.refusal(), ActionOutcome.of(ActionOutcome.Kind.REFUSED, next.reason()));
            }
            try {
                forking.reroute(call, next.destination());
            } catch (SipException | ParseException e) {
                log.warn("{}: could not be {}: {}", call, what, e.getMessage());
                return new Move(Answer.of(Response.SERVER_INTERNAL_ERROR, "Server Internal Error (" + e.getMessage() + ")"),
                        ActionOutcome.of(ActionOutcome.Kind.FAILED, "the call could not be " + what));
            }
            String text = what + ": the call from " + call.caller.dn() + " rings " + next.destination().number().dn();
            return new Move(Answer.of(FeatureCodeDialing.DONE, text), ActionOutcome.done(text));
        }
    }

    private ActionOutcome hangUp(Call call, String who) {
        synchronized (call) {
            if (call.ended) {
                return ActionOutcome.of(ActionOutcome.Kind.GONE, "the call from " + call.caller.dn() + " already ended");
            }
            try {
                if (call.isAnswered()) {
                    termination.hangUpBoth(call, "hung up by " + who);
                } else {
                    termination.cancelUnfinishedForks(call);
                    termination.failCaller(call, Response.DECLINE, "Decline (hung up by " + who + ")");
                }
            } catch (SipException | ParseException e) {
                log.info("{}: could not be hung up cleanly: {}", call, e.getMessage());
                registry.release(call, "hung up by " + who);
            }
            return ActionOutcome.done("hung up: the call from " + call.caller.dn());
        }
    }

    /** The console's view of {@code call}, if it has a destination yet. */
    private static Optional<LiveCall> view(Call call) {
        synchronized (call) {
            Destination destination = call.destination;
            if (call.ended || destination == null) {
                return Optional.empty();
            }
            LiveCall.State state = !call.isAnswered() ? LiveCall.State.RINGING
                    : call.held ? LiveCall.State.HELD : LiveCall.State.CONNECTED;
            String target = destination.number().dn();
            return Optional.of(new LiveCall(call.id, destination.manager() == null ? null : destination.manager().user(),
                    call.dialed, call.caller.dn(), call.caller.line().display(), state, call.started, target,
                    destination.ringsAssistant() ? target : null,
                    destination.ringsAssistant() ? destination.assistant().user() : null, destination.reason()));
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
