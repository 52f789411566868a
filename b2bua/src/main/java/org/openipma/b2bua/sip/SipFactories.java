package org.openipma.b2bua.sip;

import javax.sip.PeerUnavailableException;
import javax.sip.SipFactory;
import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;

/**
 * The JAIN-SIP reference implementation's message, header and address factories, created once.
 *
 * <p>They hold no per-stack state, so every stack in the JVM (the server's and, in tests, the phones')
 * shares them. They are thread-safe for the factory methods used here.
 */
public final class SipFactories {
    private static final MessageFactory MESSAGES;
    private static final HeaderFactory HEADERS;
    private static final AddressFactory ADDRESSES;

    static {
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        try {
            MESSAGES = factory.createMessageFactory();
            HEADERS = factory.createHeaderFactory();
            ADDRESSES = factory.createAddressFactory();
        } catch (PeerUnavailableException e) {
            // Only possible when jain-sip-ri is missing from the classpath: a packaging bug, not a runtime condition.
            throw new ExceptionInInitializerError(e);
        }
    }

    private SipFactories() {
    }

    /** Requests and responses. */
    public static MessageFactory messages() {
        return MESSAGES;
    }

    /** Headers. */
    public static HeaderFactory headers() {
        return HEADERS;
    }

    /** URIs and name-addresses. */
    public static AddressFactory addresses() {
        return ADDRESSES;
    }
}
