package org.openipma.b2bua.sip.registrar;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.OptionalDouble;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * What a REGISTER asks of the location service, read from its Contact and Expires headers and checked
 * against the {@link RegistrarConfig} (RFC 3261 §10.3 steps 6-7).
 */
sealed interface RegisterAction {

    /** No Contact: list the current bindings. */
    record Query() implements RegisterAction {
    }

    /** {@code Contact: *} with {@code Expires: 0}: remove every binding. */
    record RemoveAll() implements RegisterAction {
    }

    /** Add, refresh or remove these contacts, with the intervals granted. */
    record Update(List<ContactUpdate> contacts) implements RegisterAction {
    }

    /** Refuse with {@code status} (400 or 423) and this reason phrase. */
    record Invalid(int status, String reason) implements RegisterAction {
    }

    /**
     * Reads the request. Each contact's interval is its {@code expires} parameter, else the Expires header,
     * else the default; a non-zero interval under the minimum refuses the whole request with 423, one over
     * the maximum is shortened to it.
     */
    static RegisterAction read(Request request, RegistrarConfig config) {
        ExpiresHeader expiresHeader = request.getExpires();
        List<ContactHeader> contacts = new ArrayList<>();
        for (ListIterator<?> it = request.getHeaders(ContactHeader.NAME); it.hasNext(); ) {
            contacts.add((ContactHeader) it.next());
        }
        if (contacts.isEmpty()) {
            return new Query();
        }
        if (contacts.stream().anyMatch(ContactHeader::isWildCard)) {
            boolean alone = contacts.size() == 1;
            if (alone && expiresHeader != null && expiresHeader.getExpires() == 0) {
                return new RemoveAll();
            }
            return new Invalid(Response.BAD_REQUEST, "Bad Request (Contact: * needs Expires: 0 and no other Contact)");
        }
        int fallback = expiresHeader != null ? expiresHeader.getExpires() : config.defaultExpires();
        List<ContactUpdate> updates = new ArrayList<>();
        for (ContactHeader contact : contacts) {
            int asked = contact.getExpires() >= 0 ? contact.getExpires() : fallback;
            if (asked > 0 && asked < config.minExpires()) {
                return new Invalid(Response.INTERVAL_TOO_BRIEF, "Interval Too Brief (" + asked
                        + " s, expected: 0 or at least " + config.minExpires() + " s)");
            }
            float q = contact.getQValue();
            updates.add(new ContactUpdate(contactUri(contact),
                    Math.min(asked, config.maxExpires()), q < 0 ? OptionalDouble.empty() : OptionalDouble.of(q)));
        }
        return new Update(updates);
    }

    /**
     * The contact's URI as text, with its transport parameter in lower case: the value is case-insensitive
     * (RFC 3261 §19.1.4), but JAIN-SIP matches an open connection by the parameter as written, so a phone
     * registering {@code transport=TCP} would get each in-dialog request on a new connection it may ignore.
     */
    private static String contactUri(ContactHeader contact) {
        URI uri = contact.getAddress().getURI();
        if (uri instanceof SipURI sip && sip.getTransportParam() != null) {
            SipURI normalized = (SipURI) sip.clone();
            try {
                normalized.setTransportParam(sip.getTransportParam().toLowerCase(Locale.ROOT));
            } catch (ParseException e) {
                return uri.toString(); // the phone's own value parsed; keep it as it was
            }
            return normalized.toString();
        }
        return uri.toString();
    }
}
