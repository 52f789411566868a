package org.openipma.b2bua.sip.call;

import java.util.Optional;
import javax.sip.ServerTransaction;
import javax.sip.message.Request;

/**
 * Proves who sent a request. Implementations challenge (407) or refuse (403) on their own and return empty
 * when the request must not go further.
 */
public interface CallerAuthenticator {
    /** The authenticated digest user, or empty after the request has been answered with 407 or 403. */
    Optional<String> authenticate(Request request, ServerTransaction transaction);
}
