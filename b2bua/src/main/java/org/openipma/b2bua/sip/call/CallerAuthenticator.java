package org.openipma.b2bua.sip.call;

import javax.sip.message.Request;

/**
 * Proves who sent a request: the second stage of the INVITE path. It never answers by itself: a request that
 * must not go further yields the answer to give (a 407 challenge, or a 403 with the reason).
 */
public interface CallerAuthenticator {
    /** The authenticated digest user, or the answer that stops the request. */
    Outcome<String> authenticate(Request request);
}
