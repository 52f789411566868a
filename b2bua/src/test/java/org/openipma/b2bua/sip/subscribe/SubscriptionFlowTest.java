package org.openipma.b2bua.sip.subscribe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.openipma.b2bua.sip.subscribe.Notifies.state;
import static org.openipma.b2bua.sip.subscribe.Notifies.states;
import static org.openipma.b2bua.sip.subscribe.Notifies.version;
import static org.openipma.b2bua.sip.testing.EventPhone.body;
import static org.openipma.b2bua.sipp.Line.MANAGER;
import static org.openipma.b2bua.sipp.Line.PHONE3;
import static org.openipma.b2bua.sipp.Line.PROXY_LINE;
import static org.openipma.b2bua.sipp.Line.VOICEMAIL;

import java.util.ArrayList;
import java.util.List;
import javax.sip.header.AllowEventsHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.ToHeader;
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
 * Message waiting (RFC 3842) and the busy lamp field (RFC 4235) on a real server with in-process phones: who
 * may light a lamp and through which CSS, who may watch what, the NOTIFYs a subscription gets over its life,
 * and that every call, dialog and subscription is released afterwards.
 */
@Timeout(60)
class SubscriptionFlowTest {
    private static final String MWI_CSS_WITHOUT_MANAGER = "mwi-css-without-manager-partition.yaml";
    private static final String TWO_NEW_EIGHT_OLD = "Messages-Waiting: yes\r\nVoice-Message: 2/8 (0/0)\r\n";

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
    void theVoicemailLightsTheManagersLampOnItsSubscribedPhoneAndUnsolicitedOnItsOtherPhone() throws Exception {
        lab = CallFixture.start(TestConfigs.LAB);
        EventPhone desk = phone(MANAGER).registered();
        EventPhone soft = phone(MANAGER).registered();

        EventPhone.Subscribed subscribed = desk.subscribe("message-summary", "1001", 3600);

        assertEquals(List.of(407, 200), subscribed.statuses());
        assertEquals(3600, ((ExpiresHeader) subscribed.last().getHeader(ExpiresHeader.NAME)).getExpires());
        Request initial = desk.awaitNotify();
        assertNotNull(initial, "no NOTIFY with the mailbox's state at once");
        assertEquals("active", state(initial).getState());
        assertEquals("Messages-Waiting: no\r\nMessage-Account: sip:1001@127.0.0.1\r\n", body(initial));

        EventPhone.Subscribed signalled = phone(VOICEMAIL).signalMessageWaiting("1001", TWO_NEW_EIGHT_OLD);

        assertEquals(List.of(407, 200), signalled.statuses());
        String lit = "Messages-Waiting: yes\r\nMessage-Account: sip:1001@127.0.0.1\r\nVoice-Message: 2/8 (0/0)\r\n";
        Request inDialog = desk.awaitNotify();
        assertNotNull(inDialog, "the subscribed phone was not told");
        assertEquals(lit, body(inDialog));
        assertNotNull(toTag(inDialog), "in the subscription's dialog");
        Request unsolicited = soft.awaitNotify();
        assertNotNull(unsolicited, "the registered phone without a subscription was not told");
        assertEquals(lit, body(unsolicited));
        assertNull(toTag(unsolicited), "outside any dialog");
        assertEquals("message-summary", unsolicited.getHeader("Event").toString().split(":")[1].trim());

        assertEquals(Response.OK, desk.refresh(subscribed, 0).getStatusCode());
        Request last = desk.awaitNotify();
        assertEquals("terminated", state(last).getState());
        assertEquals("timeout", state(last).getReasonCode());
        assertEquals(List.of(), desk.receivedSoFar(), "the subscribed phone was also told unsolicited");
        lab.awaitReleased();
    }

    @Test
    void anMwiCssThatCannotReachTheManagersPartitionIsRefusedWithItsNameAndNoLampLights() throws Exception {
        lab = CallFixture.start(MWI_CSS_WITHOUT_MANAGER);
        EventPhone manager = phone(MANAGER).registered();

        EventPhone.Subscribed signalled = phone(VOICEMAIL).signalMessageWaiting("1001", TWO_NEW_EIGHT_OLD);

        assertEquals(List.of(407, 404), signalled.statuses());
        assertEquals("Not Found (MWI CSS CSS_MWI does not reach line 1001: 1001 reaches 100X/PT_INTERNAL"
                + " (route point RP_IPMA))", signalled.reason());
        Thread.sleep(500);
        assertEquals(List.of(), manager.receivedSoFar());
        lab.awaitReleased();
    }

    @Test
    void onlyTheLinesOwnPhoneMaySubscribeToItsMessageSummary() throws Exception {
        lab = CallFixture.start(TestConfigs.LAB);

        EventPhone.Subscribed refused = phone(PHONE3).subscribe("message-summary", "1001", 3600);

        assertEquals(List.of(407, 403), refused.statuses());
        assertEquals("Forbidden (only the phone of line 1001 may subscribe to its message-summary)", refused.reason());
        lab.awaitReleased();
    }

    @Test
    void onlyTheVoicemailSystemMayLightALamp() throws Exception {
        lab = CallFixture.start(TestConfigs.LAB);

        EventPhone.Subscribed refused = phone(PHONE3).signalMessageWaiting("1001", TWO_NEW_EIGHT_OLD);

        assertEquals(List.of(407, 403), refused.statuses());
        assertEquals("Forbidden (user phone3 is not the voicemail system: its phone has no line 8000)", refused.reason());
    }

    @Test
    void aLineWhoseCssDoesNotReachTheManagersLineCannotWatchIt() throws Exception {
        lab = CallFixture.start(TestConfigs.LAB);

        EventPhone.Subscribed refused = phone(PHONE3).subscribe("dialog", "1001", 3600);

        assertEquals(List.of(407, 403), refused.statuses());
        assertEquals("Forbidden (line 1003 cannot watch 1001: its CSS reaches 100X/PT_INTERNAL (route point RP_IPMA)"
                + " for 1001)", refused.reason());
        lab.awaitReleased();
    }

    @Test
    void anEventPackageNotServedIsRefusedWithThePackagesThatAre() {
        lab = CallFixture.start(TestConfigs.LAB);

        EventPhone.Subscribed refused = phone(PROXY_LINE).subscribe("presence", "1001", 3600);

        assertEquals(List.of(489), refused.statuses());
        List<String> allowed = new ArrayList<>();
        refused.last().getHeaders(AllowEventsHeader.NAME)
                .forEachRemaining(header -> allowed.add(((AllowEventsHeader) header).getEventType()));
        assertEquals(List.of("message-summary", "dialog"), allowed);
    }

    @Test
    void theProxyLineWatchesTheManagersLineGoEarlyConfirmedAndTerminatedDuringACall() throws Exception {
        lab = CallFixture.start(TestConfigs.LAB);
        lab.answering(MANAGER);
        EventPhone watcher = phone(PROXY_LINE);
        EventPhone.Subscribed subscribed = watcher.subscribe("dialog", "1001", 3600);
        assertEquals(List.of(407, 200), subscribed.statuses());
        Request idle = watcher.awaitNotify();
        assertEquals(List.of(), states(idle));
        assertEquals(0, version(idle));

        // By the proxy line, whose CSS reaches the manager directly: 1003's calls would ring the proxy line.
        CallingPhone proxyLine = lab.calling(PROXY_LINE);
        CallingPhone.Attempt answered = proxyLine.dial(lab.uri("1001"));
        assertEquals(Response.OK, answered.last().getStatusCode());
        assertEquals(Response.OK, proxyLine.hangUp(answered).getStatusCode());

        List<String> seen = new ArrayList<>();
        List<Integer> versions = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Request notify = watcher.awaitNotify();
            assertNotNull(notify, "NOTIFYs so far: " + seen);
            seen.add(String.join(",", states(notify)));
            versions.add(version(notify));
        }
        assertEquals(List.of("early", "confirmed", "terminated"), seen);
        assertEquals(List.of(1, 2, 3), versions);

        assertEquals(Response.OK, watcher.refresh(subscribed, 0).getStatusCode());
        Request last = watcher.awaitNotify();
        assertEquals("terminated", state(last).getState());
        assertEquals(List.of(), states(last), "idle again");
        lab.awaitReleased();
    }

    @Test
    void theManagerWatchesTheProxyLineRingForTheCallsItTakesForHim() throws Exception {
        lab = CallFixture.start(TestConfigs.LAB);
        lab.answering(PROXY_LINE);
        EventPhone manager = phone(MANAGER);
        EventPhone.Subscribed subscribed = manager.subscribe("dialog", "1112", 3600);
        assertEquals(List.of(407, 200), subscribed.statuses());
        assertEquals(List.of(), states(manager.awaitNotify()));

        CallingPhone phone3 = lab.calling(PHONE3);
        CallingPhone.Attempt answered = phone3.dial(lab.uri("1001"));
        assertEquals(Response.OK, answered.last().getStatusCode());
        Request early = manager.awaitNotify();
        assertEquals(List.of("early"), states(early));
        assertEquals(true, body(early).contains("<remote><identity>sip:1003@127.0.0.1</identity></remote>"), body(early));
        assertEquals(List.of("confirmed"), states(manager.awaitNotify()));
        assertEquals(Response.OK, phone3.hangUp(answered).getStatusCode());
        assertEquals(List.of("terminated"), states(manager.awaitNotify()));

        assertEquals(Response.OK, manager.refresh(subscribed, 0).getStatusCode());
        assertNotNull(manager.awaitNotify());
        lab.awaitReleased();
    }

    @Test
    void aSubscriptionNotRefreshedExpiresWithAFinalNotifyAndARefreshSendsTheStateAgain() throws Exception {
        lab = CallFixture.start(TestConfigs.LAB);
        EventPhone watcher = phone(PROXY_LINE);
        EventPhone.Subscribed subscribed = watcher.subscribe("dialog", "1001", 1);
        assertEquals(1, ((ExpiresHeader) subscribed.last().getHeader(ExpiresHeader.NAME)).getExpires());
        assertEquals("active", state(watcher.awaitNotify()).getState());

        assertEquals(Response.OK, watcher.refresh(subscribed, 2).getStatusCode());
        Request refreshed = watcher.awaitNotify();
        assertEquals("active", state(refreshed).getState());
        assertEquals(2, state(refreshed).getExpires());

        Request expired = watcher.awaitNotify();
        assertNotNull(expired, "no NOTIFY when the subscription expired");
        assertEquals("terminated", state(expired).getState());
        assertEquals("timeout", state(expired).getReasonCode());
        lab.awaitReleased();
        assertEquals(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, watcher.refresh(subscribed, 60).getStatusCode());
    }

    private static String toTag(Request request) {
        return ((ToHeader) request.getHeader(ToHeader.NAME)).getTag();
    }

}
