package org.openipma.b2bua.sip.stack;

/**
 * SIP could not start: a port in use, an address that is not local, a stack that refused its settings.
 * The message is one line meant for the operator, e.g. {@code SIP port 5060/udp on 127.0.0.1 is in use}.
 */
public final class SipStartupException extends IllegalStateException {
    public SipStartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
