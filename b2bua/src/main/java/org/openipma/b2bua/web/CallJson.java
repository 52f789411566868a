package org.openipma.b2bua.web;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.openipma.b2bua.control.LiveCall;

/** A live call as {@code GET /api/calls} and the WebSocket show it. */
final class CallJson {
    private CallJson() {
    }

    static Map<String, Object> of(LiveCall call, Instant now) {
        return Json.object("id", call.id(), "manager", call.manager(), "line", call.line(), "caller", call.caller(),
                "callerName", call.callerName(), "state", call.state().name().toLowerCase(Locale.ROOT),
                "since", call.since().toString(),
                "durationSeconds", Math.max(0, Duration.between(call.since(), now).toSeconds()),
                "target", call.target(), "proxyLine", call.proxyLine(), "assistant", call.assistant(),
                "reason", call.reason());
    }
}
