package org.openipma.b2bua.sip.subscribe;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sip.header.AllowEventsHeader;
import javax.sip.header.EventHeader;
import javax.sip.message.Request;
import org.openipma.b2bua.sip.SipFactories;

/** The event packages the server notifies (RFC 6665 §7): a package name and the body type of its NOTIFYs. */
enum EventPackage {
    /** RFC 3842: message waiting, {@code application/simple-message-summary}. */
    MESSAGE_SUMMARY("message-summary", "simple-message-summary"),
    /** RFC 4235: a line's dialogs (busy lamp field), {@code application/dialog-info+xml}. */
    DIALOG("dialog", "dialog-info+xml");


    private final String token;
    private final String contentSubtype;

    EventPackage(String token, String contentSubtype) {
        this.token = token;
        this.contentSubtype = contentSubtype;
    }

    /** The package name in the Event header. */
    String token() {
        return token;
    }

    /** The subtype of the {@code application/*} body its NOTIFYs carry. */
    String contentSubtype() {
        return contentSubtype;
    }

    /** One {@code Allow-Events} header per package of {@code packages}, in order (RFC 6665 §8.2.2). */
    static List<AllowEventsHeader> allowEvents(EventPackage... packages) {
        List<AllowEventsHeader> headers = new ArrayList<>();
        for (EventPackage eventPackage : packages) {
            try {
                headers.add(SipFactories.headers().createAllowEventsHeader(eventPackage.token));
            } catch (ParseException e) {
                throw new IllegalStateException("Allow-Events: " + eventPackage.token, e); // our own constant
            }
        }
        return headers;
    }

    /** The package {@code request}'s Event header names, or empty for none or one we do not serve. */
    static Optional<EventPackage> of(Request request) {
        EventHeader event = (EventHeader) request.getHeader(EventHeader.NAME);
        if (event == null) {
            return Optional.empty();
        }
        // RFC 6665 §8.2.1: package names compare case-sensitively.
        for (EventPackage eventPackage : values()) {
            if (eventPackage.token.equals(event.getEventType())) {
                return Optional.of(eventPackage);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return token;
    }
}
