package org.openipma.b2bua.sip.subscribe;

import java.util.Optional;
import javax.sip.header.EventHeader;
import javax.sip.message.Request;

/** The event packages the server notifies (RFC 6665 §7): a package name and the body type of its NOTIFYs. */
enum EventPackage {
    /** RFC 3842: message waiting, {@code application/simple-message-summary}. */
    MESSAGE_SUMMARY("message-summary", "simple-message-summary"),
    /** RFC 4235: a line's dialogs (busy lamp field), {@code application/dialog-info+xml}. */
    DIALOG("dialog", "dialog-info+xml");

    /** The {@code Allow-Events} value: every package, comma-separated. */
    static final String ALLOW_EVENTS = "message-summary, dialog";

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
