package org.openipma.b2bua.sip.call;

import javax.sip.message.Response;
import org.openipma.b2bua.control.ManagerControls;
import org.openipma.routing.FeatureCode;
import org.openipma.routing.FeatureCodes;
import org.openipma.routing.LineAppearance;
import org.openipma.state.StateUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The INVITE path's stage for a call that digit analysis landed on a feature code: the change is made through
 * {@link ManagerControls} (stored before the phone hears of it) and the call is answered with a final response
 * whose reason phrase is the outcome, which softphones show: baresip prints
 * {@code session closed: 603 Divert All on}.
 * <ul>
 * <li>Done: {@code 603 <new state>} — Decline, because no call is set up; the phrase says what changed.</li>
 * <li>Not the caller's role or manager: {@code 403 Forbidden (<reason>)}; the digits after a log-in/out code
 * name no manager line: {@code 404 Not Found (<reason>)}; no other assistant to select:
 * {@code 480 Temporarily Unavailable (<reason>)}.</li>
 * <li>The state cannot be stored (database lost): {@code 503 Service Unavailable (not changed: <reason>)};
 * nothing was changed.</li>
 * </ul>
 */
final class FeatureCodeDialing {
    private static final Logger log = LoggerFactory.getLogger(FeatureCodeDialing.class);
    /** The status of a feature code that did what it says. */
    static final int DONE = Response.DECLINE;

    private final ManagerControls controls;
    private final CallActions calls;

    FeatureCodeDialing(ManagerControls controls, CallActions calls) {
        this.controls = controls;
        this.calls = calls;
    }

    /** Applies {@code code} for {@code caller} and says how it went. */
    Answer dial(CallRouter router, LineAppearance caller, FeatureCode code, String dialled) {
        if (code.action().actsOnACall()) {
            Answer answer = calls.apply(router.cluster(), caller, code);
            log.info("{} dialled {} ({}): {} {}", caller.dn(), dialled, code.describe(), answer.status(),
                    answer.reason());
            return answer;
        }
        FeatureCodes.Result result;
        try {
            result = controls.dial(router.cluster(), caller, code, dialled, router::isRegistered);
        } catch (StateUnavailableException e) {
            log.warn("{} dialled {} ({}): not changed: {}", caller.dn(), dialled, code.describe(), e.getMessage());
            return Answer.of(Response.SERVICE_UNAVAILABLE, "Service Unavailable (not changed: " + e.getMessage() + ")");
        }
        log.info("{} dialled {} ({}): {}", caller.dn(), dialled, code.describe(), result.text());
        if (result instanceof FeatureCodes.Changed) {
            return Answer.of(DONE, result.text());
        }
        FeatureCodes.Refused refused = (FeatureCodes.Refused) result;
        return switch (refused.cause()) {
            case UNKNOWN_MANAGER_LINE -> Answer.of(Response.NOT_FOUND, "Not Found (" + refused.text() + ")");
            case NO_OTHER_ASSISTANT_AVAILABLE -> Answer.of(Response.TEMPORARILY_UNAVAILABLE,
                    "Temporarily Unavailable (" + refused.text() + ")");
            case NOT_A_MANAGER, NOT_AN_ASSISTANT, NOT_YOUR_MANAGER ->
                    Answer.of(Response.FORBIDDEN, "Forbidden (" + refused.text() + ")");
        };
    }
}
