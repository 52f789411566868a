package org.openipma.b2bua.sip.subscribe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openipma.b2bua.sip.call.CallFixture.finals;
import static org.openipma.b2bua.sip.subscribe.Notifies.state;
import static org.openipma.b2bua.sip.subscribe.Notifies.states;
import static org.openipma.b2bua.sip.subscribe.Notifies.version;
import static org.openipma.b2bua.sip.testing.EventPhone.body;
import static org.openipma.b2bua.sipp.Line.MANAGER;
import static org.openipma.b2bua.sipp.Line.PHONE3;
import static org.openipma.b2bua.sipp.Line.VOICEMAIL;

import java.util.List;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openipma.b2bua.TestConfigs;
import org.openipma.b2bua.sip.call.CallFixture;
import org.openipma.b2bua.sip.testing.CallingPhone;
import org.openipma.b2bua.sip.testing.EventPhone;
import org.openipma.b2bua.sipp.Line;

/**
 * The filter lamp on a real server with in-process phones: a manager's {@code dialog} subscription to the
 * filter-toggle code {@code *86} shows the filter (on = a confirmed dialog, the busy lamp; off = idle), follows
 * each change the manager dials, and is refused to whoever is not a manager or cannot reach the code.
 */
@Timeout(60)
class FilterLampTest {

    private CallFixture lab;

    @AfterEach
    void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    private EventPhone phone(Line line) {
        return lab.add(EventPhone.start(line, lab.port()));
    }

    @Test
    void theManagersLampShowsTheFilterAndFollowsEachToggle() throws Exception {
        lab = CallFixture.start(TestConfigs.LAB);
        EventPhone lamp = phone(MANAGER);

        EventPhone.Subscribed subscribed = lamp.subscribe("dialog", "*86", 3600);

        assertEquals(List.of(407, 200), subscribed.statuses());
        Request first = lamp.awaitNotify();
        assertEquals("active", state(first).getState());
        assertEquals(List.of("confirmed"), states(first), "the lab's filter is on: busy lamp");
        assertEquals(0, version(first));
        assertTrue(body(first).contains("entity=\"sip:*86@127.0.0.1\""), body(first));

        dial("*86", "filter off");
        Request off = lamp.awaitNotify();
        assertEquals(List.of(), states(off), "filter off: idle");
        assertEquals(1, version(off));

        dial("*86", "filter on");
        Request on = lamp.awaitNotify();
        assertEquals(List.of("confirmed"), states(on));
        assertEquals(2, version(on));

        dial("*76", "filter off");
        assertEquals(List.of(), states(lamp.awaitNotify()), "any code that changes the filter moves the lamp");

        assertEquals(Response.OK, lamp.refresh(subscribed, 0).getStatusCode());
        Request last = lamp.awaitNotify();
        assertEquals("terminated", state(last).getState());
        assertEquals(List.of(), states(last));
        lab.awaitReleased();
    }

    @Test
    void aUserWhoIsNotAManagerHasNoFilterLamp() throws Exception {
        lab = CallFixture.start(TestConfigs.LAB);

        EventPhone.Subscribed refused = phone(PHONE3).subscribe("dialog", "*86", 3600);

        assertEquals(List.of(407, 403), refused.statuses());
        assertEquals("Forbidden (phone3 is not a manager)", refused.reason());
        lab.awaitReleased();
    }

    @Test
    void aLineWhoseCssDoesNotReachTheCodeIsNotFound() throws Exception {
        lab = CallFixture.start("voicemail-without-feature-codes.yaml");

        EventPhone.Subscribed refused = phone(VOICEMAIL).subscribe("dialog", "*86", 3600);

        assertEquals(List.of(407, 404), refused.statuses());
        assertTrue(refused.reason().startsWith("Not Found (line 8000 cannot reach the filter toggle *86"),
                refused.reason());
        lab.awaitReleased();
    }

    /** The manager dials {@code code}; the call is declined with the new state. */
    private void dial(String code, String newState) {
        CallingPhone.Attempt attempt = lab.calling(MANAGER).dial(lab.uri(code));
        assertEquals(List.of(407, 603), finals(attempt), attempt::toString);
        assertEquals(newState, attempt.last().getReasonPhrase());
    }
}
