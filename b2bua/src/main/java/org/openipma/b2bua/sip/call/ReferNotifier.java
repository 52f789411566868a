package org.openipma.b2bua.sip.call;

import java.text.ParseException;
import javax.sip.Dialog;
import javax.sip.InvalidArgumentException;
import javax.sip.SipException;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.SubscriptionStateHeader;
import javax.sip.message.Request;
import org.openipma.b2bua.sip.SipContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The referrer's view of a transfer (RFC 3515 §2.4.5): NOTIFYs in the REFER's dialog, {@code Event: refer},
 * whose {@code message/sipfrag} body is the status line of the transfer's progress; the final one terminates
 * the implicit subscription. A NOTIFY that cannot be sent is not worth failing the transfer for.
 */
final class ReferNotifier {
    private static final Logger log = LoggerFactory.getLogger(ReferNotifier.class);
    /** How long the implicit subscription lasts, in seconds, while the transfer is under way. */
    private static final int EXPIRES = 60;

    private final SipContext sip;

    ReferNotifier(SipContext sip) {
        this.sip = sip;
    }

    /**
     * What to do once the final NOTIFY was answered (or timed out): hang up the referrer's leg only then, or the
     * BYE may overtake the NOTIFY and the referrer never learn how its transfer ended. Run by
     * {@link CallController} under {@link #call}'s monitor.
     */
    record AfterFinalNotify(Call call, Runnable then) {
    }

    void progress(Call call, Dialog dialog, int status, String reason, boolean last) {
        progress(call, dialog, status, reason, last, null);
    }

    /** As {@link #progress(Call, Dialog, int, String, boolean)}; {@code then}, if given, runs once it was answered. */
    void progress(Call call, Dialog dialog, int status, String reason, boolean last, Runnable then) {
        try {
            Request notify = dialog.createRequest(Request.NOTIFY);
            notify.addHeader(sip.headers().createEventHeader("refer"));
            SubscriptionStateHeader state = sip.headers().createSubscriptionStateHeader(
                    last ? SubscriptionStateHeader.TERMINATED : SubscriptionStateHeader.ACTIVE);
            if (last) {
                state.setReasonCode("noresource");
            } else {
                state.setExpires(EXPIRES);
            }
            notify.addHeader(state);
            ContentTypeHeader sipfrag = sip.headers().createContentTypeHeader("message", "sipfrag");
            sipfrag.setParameter("version", "2.0");
            notify.setContent("SIP/2.0 " + status + " " + reason + "\r\n", sipfrag);
            javax.sip.ClientTransaction transaction = sip.provider().getNewClientTransaction(notify);
            if (then != null) {
                transaction.setApplicationData(new AfterFinalNotify(call, then));
            }
            dialog.sendRequest(transaction);
        } catch (SipException | ParseException | InvalidArgumentException e) {
            log.debug("{}: NOTIFY to the referrer not sent: {}", call, e.getMessage());
            if (then != null) {
                then.run();
            }
        }
    }
}
