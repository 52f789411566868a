package org.openipma.b2bua.sip.subscribe;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openipma.b2bua.sip.testing.EventPhone.body;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sip.header.SubscriptionStateHeader;
import javax.sip.message.Request;

/** What the subscription tests read from a NOTIFY: its Subscription-State, and a dialog-info document's parts. */
final class Notifies {
    private static final Pattern STATE = Pattern.compile("<state>(\\w+)</state>");
    private static final Pattern VERSION = Pattern.compile("version=\"(\\d+)\" state=\"full\"");

    private Notifies() {
    }

    static SubscriptionStateHeader state(Request notify) {
        assertNotNull(notify, "no NOTIFY");
        return (SubscriptionStateHeader) notify.getHeader(SubscriptionStateHeader.NAME);
    }

    /** The dialog states of a dialog-info document, in document order. */
    static List<String> states(Request notify) {
        assertNotNull(notify, "no NOTIFY");
        List<String> states = new ArrayList<>();
        Matcher matcher = STATE.matcher(body(notify));
        while (matcher.find()) {
            states.add(matcher.group(1));
        }
        return states;
    }

    /** The {@code version} of a dialog-info document. */
    static int version(Request notify) {
        Matcher matcher = VERSION.matcher(body(notify));
        assertTrue(matcher.find(), body(notify));
        return Integer.parseInt(matcher.group(1));
    }
}
