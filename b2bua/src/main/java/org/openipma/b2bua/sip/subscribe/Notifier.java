package org.openipma.b2bua.sip.subscribe;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.openipma.b2bua.sip.Responses;
import org.openipma.b2bua.sip.SipContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds and sends NOTIFY requests: inside a subscription's dialog (RFC 6665 §4.2.2: Event,
 * Subscription-State, our Contact, the package's body), or out of any dialog to a registered contact
 * (unsolicited message waiting, as phones without a subscription expect it: a new Call-ID each time).
 * A failure to send is logged and reported as false; it never reaches the thread's caller as an exception.
 */
final class Notifier {
    private static final Logger log = LoggerFactory.getLogger(Notifier.class);

    private final SipContext sip;

    Notifier(SipContext sip) {
        this.sip = sip;
    }

    /**
     * Sends a NOTIFY in {@code subscription}'s dialog with {@code state} as its Subscription-State (e.g.
     * {@code active;expires=3600}); the transaction carries the subscription, so its failure ends it.
     */
    boolean inDialog(Subscription subscription, String state, String body) {
        try {
            Request notify = subscription.dialog.createRequest(Request.NOTIFY);
            decorate(notify, subscription.eventPackage, state, body, subscription.watched, subscription.transport);
            ClientTransaction transaction = sip.provider().getNewClientTransaction(notify);
            transaction.setApplicationData(subscription);
            subscription.dialog.sendRequest(transaction);
            return true;
        } catch (SipException | ParseException e) {
            log.info("{}: NOTIFY not sent: {}", subscription, e.getMessage());
            return false;
        }
    }

    /** Sends message waiting for mailbox {@code dn} to {@code contact}, outside any dialog. */
    boolean unsolicited(URI contact, String dn, String body) {
        try {
            String transport = transportOf(contact);
            SipURI account = sip.addresses().createSipURI(dn, sip.domain());
            FromHeader from = sip.headers().createFromHeader(sip.addresses().createAddress(account), Responses.newTag());
            ToHeader to = sip.headers().createToHeader(sip.addresses().createAddress((URI) account.clone()), null);
            CallIdHeader callId = sip.provider().getNewCallId();
            Request notify = sip.messages().createRequest((URI) contact.clone(), Request.NOTIFY, callId,
                    sip.headers().createCSeqHeader(1L, Request.NOTIFY), from, to,
                    new ArrayList<>(List.of(sip.newVia(transport))), sip.headers().createMaxForwardsHeader(70));
            // RFC 6665 requires a Subscription-State; there is no subscription, so none can be "pending".
            decorate(notify, EventPackage.MESSAGE_SUMMARY, "active", body, dn, transport);
            sip.provider().getNewClientTransaction(notify).sendRequest();
            return true;
        } catch (SipException | ParseException | InvalidArgumentException e) {
            log.info("unsolicited message waiting for {} not sent to {}: {}", dn, contact, e.getMessage());
            return false;
        }
    }

    private void decorate(Request notify, EventPackage eventPackage, String state, String body, String contactUser,
                          String transport) throws ParseException {
        notify.setHeader(sip.headers().createEventHeader(eventPackage.token()));
        notify.setHeader(sip.headers().createHeader("Subscription-State", state));
        notify.setHeader(sip.contact(contactUser, transport));
        notify.setContent(body, sip.headers().createContentTypeHeader("application", eventPackage.contentSubtype()));
    }

    private static String transportOf(URI contact) {
        return contact instanceof SipURI uri && uri.getTransportParam() != null
                ? uri.getTransportParam().toUpperCase(java.util.Locale.ROOT) : "UDP";
    }

    /** Sends a response; the stack's InvalidArgumentException becomes a SipException. */
    static void send(SipContext sip, ServerTransaction transaction, Response response) throws SipException {
        try {
            transaction.sendResponse(response);
            sip.probe().responseSent(response);
        } catch (InvalidArgumentException e) {
            throw new SipException(e.getMessage(), e);
        }
    }
}
