package org.openipma.b2bua.sip.call;

/**
 * The ring-no-answer policy ({@code routingService.ringNoAnswerPolicy}): where a call goes when the assistant's
 * proxy line did not answer — the next available assistant, back to the manager, or the manager's voicemail.
 * Decided with the configuration snapshot the call started with.
 */
final class NoAnswerPolicy {
    private NoAnswerPolicy() {
    }

    /** The next round for {@code call}, whose current destination rang an assistant. Caller holds the call. */
    static RoutingResult next(Call call) {
        Destination current = call.destination;
        call.triedAssistants.add(current.assistant().user());
        call.bestFailure = null;
        return switch (call.cluster().config().routingService().ringNoAnswerPolicy()) {
            case NEXT_ASSISTANT -> call.router.atRoutePoint(current.routePoint(), call.caller, call.dialed,
                    call.triedAssistants);
            case VOICEMAIL -> call.router.toVoicemail(current, call.dialed);
            case MANAGER -> call.router.toManager(current, call.dialed);
        };
    }
}
