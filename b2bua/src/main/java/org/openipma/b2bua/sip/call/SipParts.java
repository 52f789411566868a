package org.openipma.b2bua.sip.call;

import java.util.Locale;
import javax.sip.ListeningPoint;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;

/** The parts of a SIP message the call path reads everywhere. */
final class SipParts {
    private SipParts() {
    }

    /** The user part of a SIP URI (the digits of {@code sip:1001@host}); null for other URIs. */
    static String userPart(URI uri) {
        return uri instanceof SipURI sipUri ? sipUri.getUser() : null;
    }

    /** The transport the request came over, from its top Via (UDP when it has none). */
    static String transportOf(Request request) {
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        return via == null ? ListeningPoint.UDP : via.getTransport().toUpperCase(Locale.ROOT);
    }

    /** The transport to reach {@code contact}: its {@code transport} parameter, else UDP. */
    static String transportOf(URI contact) {
        return contact instanceof SipURI uri && uri.getTransportParam() != null
                ? uri.getTransportParam().toUpperCase(Locale.ROOT) : ListeningPoint.UDP;
    }
}
