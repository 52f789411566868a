package org.openipma.b2bua.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.openipma.b2bua.control.ActionOutcome;
import org.openipma.b2bua.control.CallAction;
import org.openipma.b2bua.control.CallControls;
import org.openipma.b2bua.control.LiveCall;

/**
 * Live calls and the actions on one: {@code GET /api/calls}, {@code POST /api/calls/{id}/actions}. A manager and
 * their assistants see the calls on the manager's lines; an administrator sees every call. The move itself is
 * {@link CallControls}', the code the feature codes use.
 */
final class CallApi {
    private static final String DIALABLE = "[0-9*#]{1,24}|\\+[0-9]{1,23}";

    private final CallControls calls;

    CallApi(CallControls calls) {
        this.calls = calls;
    }

    ApiResponse list(ApiRequest request) {
        Principal principal = request.principal();
        String manager = request.query("manager");
        if (manager != null && !principal.sees(manager)) {
            throw ApiException.forbidden(principal.user() + " may not see the calls of " + manager);
        }
        Instant now = Instant.now();
        return ApiResponse.ok(calls.liveCalls().stream()
                .filter(call -> visible(principal, call))
                .filter(call -> manager == null || manager.equals(call.manager()))
                .map(call -> CallJson.of(call, now)).toList());
    }

    static boolean visible(Principal principal, LiveCall call) {
        return principal.isAdmin() || (call.manager() != null && principal.sees(call.manager()));
    }

    ApiResponse act(ApiRequest request) {
        Principal principal = request.principal();
        String id = request.pathParameter(0);
        LiveCall call = calls.find(id).filter(found -> visible(principal, found))
                .orElseThrow(() -> ApiException.notFound("no live call " + id));
        JsonNode body = request.json();
        String name = Json.text(body, "action", true);
        CallAction action = CallAction.fromWireName(name).orElseThrow(() -> ApiException.badInput("action", name,
                "is not an action (redirect-to-manager, intercept, voicemail, redirect, hangup)"));
        if (action == CallAction.INTERCEPT && !principal.isAdmin() && !principal.user().equals(call.manager())) {
            throw ApiException.forbidden("only the manager " + call.manager() + " or an administrator may intercept");
        }
        String number = null;
        if (action == CallAction.REDIRECT) {
            number = Json.text(body, "number", true);
            if (!number.matches(DIALABLE)) {
                throw ApiException.badInput("number", number, "is not a dialable number (1-24 of 0-9 * #, or + and digits)");
            }
        }
        ActionOutcome outcome = calls.act(id, action, number, principal.user());
        return switch (outcome.kind()) {
            case DONE -> ApiResponse.ok(Json.object("result", outcome.text()));
            case NO_SUCH_CALL -> throw ApiException.notFound("no live call " + id);
            case GONE -> throw new ApiException(409, outcome.text());
            case REFUSED -> throw action == CallAction.REDIRECT
                    ? ApiException.badInput("number", number, "is not reached as a line through the calling search"
                            + " space of the manager's line (" + outcome.text() + ")")
                    : new ApiException(409, outcome.text());
            case FAILED -> throw new ApiException(500, outcome.text());
        };
    }
}
