package org.openipma.b2bua.sip;

import java.text.ParseException;
import java.util.concurrent.ThreadLocalRandom;
import javax.sip.InvalidArgumentException;
import javax.sip.ListeningPoint;
import javax.sip.SipProvider;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.ContactHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;

/**
 * The JAIN-SIP factories and the provider of one running server, plus the few headers every component
 * builds the same way (our Via, our Contact). Immutable; shared by all components.
 *
 * @param host the address we listen on and put in Via/Contact
 * @param port the SIP port (UDP and TCP)
 * @param domain host part of every address of record
 * @param tlsPort the TLS port, or 0 when TLS is off
 * @param probe told of every request received and response sent, and of the call path's events, for metrics
 */
public record SipContext(SipProvider provider, MessageFactory messages, HeaderFactory headers,
                         AddressFactory addresses, String host, int port, String domain, int tlsPort,
                         SipProbe probe) {

    /** A context without TLS and without metrics. */
    public SipContext(SipProvider provider, MessageFactory messages, HeaderFactory headers, AddressFactory addresses,
                      String host, int port, String domain) {
        this(provider, messages, headers, addresses, host, port, domain, 0, SipProbe.NONE);
    }

    /** A context without TLS. */
    public SipContext(SipProvider provider, MessageFactory messages, HeaderFactory headers, AddressFactory addresses,
                      String host, int port, String domain, SipProbe probe) {
        this(provider, messages, headers, addresses, host, port, domain, 0, probe);
    }

    /** The port we listen on for {@code transport}: the TLS port for TLS, else the SIP port. */
    public int portFor(String transport) {
        return ListeningPoint.TLS.equalsIgnoreCase(transport) && tlsPort > 0 ? tlsPort : port;
    }

    /** A Via for a new request of ours on {@code transport}, with a fresh RFC 3261 branch. */
    public ViaHeader newVia(String transport) throws ParseException, InvalidArgumentException {
        String branch = "z9hG4bK" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        ViaHeader via = headers.createViaHeader(host, portFor(transport), transport, branch);
        via.setRPort();
        return via;
    }

    /** Our Contact, with the given user part (so in-dialog requests come back to us). */
    public ContactHeader contact(String user, String transport) throws ParseException {
        SipURI uri = addresses.createSipURI(user, host);
        uri.setPort(portFor(transport));
        if (!ListeningPoint.UDP.equalsIgnoreCase(transport)) {
            uri.setTransportParam(transport.toLowerCase(java.util.Locale.ROOT));
        }
        return headers.createContactHeader(addresses.createAddress(uri));
    }
}
