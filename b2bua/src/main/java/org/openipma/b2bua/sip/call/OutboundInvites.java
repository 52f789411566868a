package org.openipma.b2bua.sip.call;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import javax.sip.InvalidArgumentException;
import javax.sip.address.Address;
import javax.sip.address.URI;
import javax.sip.message.Request;
import org.openipma.b2bua.sip.Responses;
import org.openipma.b2bua.sip.SipContext;
import org.openipma.routing.LineAppearance;

/**
 * The INVITEs the B2BUA sends to ring a destination, whether a call's ringing round ({@link Forking}) or a
 * transfer's target ({@link Transfers}): a new dialog presenting {@code presented} (number and name), our
 * Contact, and what the destination says about the call — on whose behalf it rings ({@code Diversion}, RFC
 * 5806, and {@code History-Info}, RFC 7044), the manager's DND (a silent {@code Alert-Info}), an intercom line
 * (every auto-answer indication in use). No body: the caller adds the offer if it has one.
 */
final class OutboundInvites {
    /** Alert-Info that phones map to a silent (visual only) alert: the manager's DND (REFERENCE §3.5). */
    static final String SILENT_ALERT_INFO = "<urn:alert:service:normal>;info=alert-silent";

    private OutboundInvites() {
    }

    /**
     * @param diversionReason the RFC 5806 reason, e.g. {@code unconditional} for the route point's choice,
     *     {@code deflection} for a transfer
     */
    static Request create(SipContext sip, LineAppearance presented, Destination destination, URI contact,
                          String transport, int maxForwards, String diversionReason)
            throws ParseException, InvalidArgumentException {
        Address fromAddress = sip.addresses().createAddress(sip.addresses().createSipURI(presented.dn(), sip.domain()));
        fromAddress.setDisplayName(presented.line().display());
        Request request = sip.messages().createRequest((URI) contact.clone(), Request.INVITE,
                sip.provider().getNewCallId(), sip.headers().createCSeqHeader(1L, Request.INVITE),
                sip.headers().createFromHeader(fromAddress, Responses.newTag()),
                sip.headers().createToHeader(sip.addresses().createAddress(
                        sip.addresses().createSipURI(destination.number().dn(), sip.domain())), null),
                new ArrayList<>(List.of(sip.newVia(transport))), sip.headers().createMaxForwardsHeader(maxForwards));
        request.addHeader(sip.contact(presented.dn(), transport));
        if (destination.divertedFrom() != null) {
            // RFC 5806: tells the assistant's phone (or voicemail) the call is for the manager's line.
            request.addHeader(sip.headers().createHeader("Diversion", "<sip:" + destination.divertedFrom() + "@"
                    + sip.domain() + ">;reason=" + diversionReason + ";counter=1"));
            // RFC 7044: the same story for systems that read History-Info (voicemail picks the mailbox of
            // the first entry); the target was mapped (mp) from entry 1 to another number.
            request.addHeader(sip.headers().createHeader("History-Info", "<sip:" + destination.divertedFrom() + "@"
                    + sip.domain() + ">;index=1,<sip:" + destination.number().dn() + "@" + sip.domain()
                    + ";cause=302>;index=1.1;mp=1"));
        }
        if (destination.silentAlert()) {
            request.addHeader(sip.headers().createHeader("Alert-Info", SILENT_ALERT_INFO));
        }
        if (destination.number().isIntercom()) {
            // Every auto-answer indication in use, since phones honour different ones: Call-Info answer-after
            // (Polycom, Yealink, Snom, liblinphone), Alert-Info info=alert-autoanswer (Yealink, Grandstream,
            // Cisco SPA), and RFC 5373's Answer-Mode.
            request.addHeader(sip.headers().createHeader("Call-Info", "<sip:" + sip.domain() + ">;answer-after=0"));
            request.addHeader(sip.headers().createHeader("Alert-Info", "<sip:" + sip.domain()
                    + ">;info=alert-autoanswer"));
            request.addHeader(sip.headers().createHeader("Answer-Mode", "Auto"));
        }
        return request;
    }
}
