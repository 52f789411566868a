package org.openipma.b2bua.sip.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;

import gov.nist.javax.sip.message.SIPRequest;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openipma.b2bua.sip.SipFactories;
import org.openipma.b2bua.sip.stack.QueueDelay;
import org.openipma.routing.AddressRange;

/**
 * Trusted sources (loopback by default) are not counted while the server keeps up; while it is overloaded
 * their new requests are, so one of them cannot starve the rest; their in-dialog requests never are.
 */
class TrustedSourcesUnderLoadTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final SourceRateLimiter limits = new SourceRateLimiter(new SourceRateLimiter.Settings(10, 10,
            List.of(AddressRange.parse("127.0.0.0/8")), 100), System::nanoTime);

    private static QueueDelay overloaded() {
        QueueDelay delay = new QueueDelay();
        for (int i = 0; i < 200; i++) {
            delay.record(500);
        }
        return delay;
    }

    private static SIPRequest request(String method, String toTag) throws Exception {
        String message = method + " sip:1001@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-trusted\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:1003@127.0.0.1>;tag=a\r\n"
                + "To: <sip:1001@127.0.0.1>" + (toTag == null ? "" : ";tag=" + toTag) + "\r\n"
                + "Call-ID: trusted@127.0.0.1\r\n"
                + "CSeq: 1 " + method + "\r\n"
                + "Content-Length: 0\r\n\r\n";
        return (SIPRequest) SipFactories.messages().createRequest(message);
    }

    private long passed(QueueDelay load, SIPRequest request, int times) {
        long passed = 0;
        for (int i = 0; i < times; i++) {
            if (SourceLimitValve.admission(limits, load, LOOPBACK, request).verdict() == SourceRateLimiter.Verdict.PASS) {
                passed++;
            }
        }
        return passed;
    }

    @Test
    void whileTheServerKeepsUpATrustedSourceIsNeverCounted() throws Exception {
        assertEquals(1000, passed(new QueueDelay(), request("INVITE", null), 1000));
    }

    @Test
    void whileOverloadedATrustedSourcesNewRequestsGetTheirBudgetOnly() throws Exception {
        long passed = passed(overloaded(), request("INVITE", null), 1000);
        assertEquals(true, passed >= 10 && passed <= 12, passed + " of 1,000 passed with a burst of 10");
    }

    @Test
    void whileOverloadedATrustedSourcesRequestsWithinDialogsAlwaysPass() throws Exception {
        QueueDelay load = overloaded();
        passed(load, request("INVITE", null), 1000); // spend the budget
        assertEquals(1000, passed(load, request("BYE", "b"), 1000));
        assertEquals(1000, passed(load, request("ACK", null), 1000));
    }
}
