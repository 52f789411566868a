package org.openipma.b2bua.sip.subscribe;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openipma.b2bua.sip.call.CallEvent;
import org.openipma.b2bua.sip.call.CallEventListener;

/**
 * The busy lamp field (RFC 4235): turns call events into the dialog state of each line involved and tells
 * that line's watchers. A call is one dialog at its caller's line (direction {@code initiator}: trying when
 * offered, early while it rings, confirmed when answered) and one at the line it rings or was answered at
 * (direction {@code recipient}: early, confirmed); a ring-no-answer diversion ends the first target's dialog
 * and starts one at the next; the end of the call terminates both. A manager's line watched while calls to
 * it ring the assistant's proxy line stays idle: the lamp shows the phone, not the number dialled.
 *
 * <p>Every NOTIFY carries the full state of the line ({@code state="full"}), so a phone that missed one is
 * right again at the next, and a {@code version} one higher than the last document that subscription got.
 * Call events arrive on SIP threads under the call's monitor; they are only queued here, and all the state
 * below is the registry worker's alone. A call's entry is dropped when it ends.
 */
final class DialogEvents implements CallEventListener {
    /** RFC 4235 §3.7.1 dialog states used here. */
    enum State {
        TRYING, EARLY, CONFIRMED, TERMINATED;

        String xml() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One call as the lamps see it. */
    private static final class CallView {
        final String id;
        final String caller;
        final String dialled;
        String target;
        State state = State.TRYING;

        CallView(String id, String caller, String dialled) {
            this.id = id;
            this.caller = caller;
            this.dialled = dialled;
        }
    }

    /**
     * One dialog of a line, for the document: the line, which call, which side, which state, and the number at
     * the other end (the number dialled, for the caller's side).
     */
    record LineDialog(String line, String callId, boolean initiator, State state, String remote) {
    }

    private final SubscriptionRegistry registry;
    private final String domain;
    /** Live calls by call id: the worker's alone. */
    private final Map<String, CallView> calls = new HashMap<>();

    DialogEvents(SubscriptionRegistry registry, String domain) {
        this.registry = registry;
        this.domain = domain;
    }

    @Override
    public void onCallEvent(CallEvent event) {
        registry.execute(() -> apply(event));
    }

    /** Calls whose lamps are lit (not yet ended). Worker thread only; for tests and diagnostics. */
    int trackedCalls() {
        return calls.size();
    }

    private void apply(CallEvent event) {
        Set<String> changed = new LinkedHashSet<>();
        List<LineDialog> ended = new ArrayList<>();
        CallView call = calls.get(event.callId());
        switch (event.type()) {
            case OFFERED -> {
                call = new CallView(event.callId(), event.caller(), event.dialled());
                calls.put(call.id, call);
                changed.add(call.caller);
            }
            case RINGING, DIVERTED -> {
                if (call == null) {
                    return;
                }
                if (call.target != null && !call.target.equals(event.target())) {
                    ended.add(recipient(call, State.TERMINATED));
                    changed.add(call.target);
                }
                call.target = event.target();
                call.state = State.EARLY;
                changed.add(call.caller);
                changed.add(call.target);
            }
            case ANSWERED -> {
                if (call == null) {
                    return;
                }
                call.target = event.target();
                call.state = State.CONFIRMED;
                changed.add(call.caller);
                changed.add(call.target);
            }
            case ENDED -> {
                if (call == null) {
                    return;
                }
                calls.remove(call.id);
                ended.add(initiator(call, State.TERMINATED));
                changed.add(call.caller);
                if (call.target != null) {
                    ended.add(recipient(call, State.TERMINATED));
                    changed.add(call.target);
                }
            }
            default -> {
                return; // TRANSFERRED: reserved, no lamp changes yet.
            }
        }
        for (String dn : changed) {
            List<LineDialog> terminated = ended.stream().filter(dialog -> dialog.line().equals(dn)).toList();
            for (Subscription subscription : registry.watching(EventPackage.DIALOG, dn)) {
                registry.notifyActive(subscription, body(subscription, terminated));
            }
        }
    }

    /** The body of the next NOTIFY of {@code subscription}: its line's live dialogs. */
    String body(Subscription subscription) {
        return body(subscription, List.of());
    }

    private String body(Subscription subscription, List<LineDialog> terminated) {
        List<LineDialog> dialogs = new ArrayList<>(dialogsOf(subscription.watched));
        dialogs.addAll(terminated);
        subscription.version++;
        return DialogInfo.document(uri(subscription.watched), subscription.version, dialogs, this::uri);
    }

    private List<LineDialog> dialogsOf(String dn) {
        List<LineDialog> dialogs = new ArrayList<>();
        for (CallView call : calls.values()) {
            if (dn.equals(call.caller)) {
                dialogs.add(initiator(call, call.state));
            }
            if (dn.equals(call.target)) {
                dialogs.add(recipient(call, call.state));
            }
        }
        return dialogs;
    }

    private static LineDialog initiator(CallView call, State state) {
        return new LineDialog(call.caller, call.id, true, state, call.dialled);
    }

    private static LineDialog recipient(CallView call, State state) {
        return new LineDialog(call.target, call.id, false, state, call.caller);
    }

    private String uri(String dn) {
        return "sip:" + dn + "@" + domain;
    }
}
