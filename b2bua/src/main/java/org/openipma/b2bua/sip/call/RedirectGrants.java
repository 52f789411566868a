package org.openipma.b2bua.sip.call;

import java.text.ParseException;
import javax.sip.address.SipURI;
import javax.sip.header.ContactHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.openipma.b2bua.sip.SipContext;
import org.openipma.routing.Cluster;
import org.openipma.routing.IpmaConfig;
import org.openipma.routing.LineAppearance;

/**
 * Redirect mode, both halves. {@link #check} is the fourth stage of the INVITE path: a Request-URI carrying a
 * redirect token ({@value #PARAMETER}) is a followed 302, and reaches only what the token grants.
 * {@link #redirect} builds the 302 whose Contact points back at us with a signed token ({@link RedirectTokens}),
 * so the follow-up INVITE is authenticated again and reaches only what the route point chose.
 */
final class RedirectGrants {
    /** Request-URI parameter carrying a redirect token. */
    static final String PARAMETER = "ipma-rp";

    private final SipContext sip;
    private final RedirectTokens tokens;

    /** @param key the 32-byte token key, shared by every node */
    RedirectGrants(SipContext sip, byte[] key) {
        this.sip = sip;
        this.tokens = new RedirectTokens(key);
    }

    /**
     * The grant of the INVITE's token: null when it carries none (an ordinary call), 403 when the token is
     * forged, expired, or issued to another caller or for another destination.
     */
    Outcome<RedirectTokens.Grant> check(Request invite, String dialed, LineAppearance caller) {
        String token = invite.getRequestURI() instanceof SipURI uri ? uri.getParameter(PARAMETER) : null;
        if (token == null || dialed == null) {
            return Outcome.of(null);
        }
        RedirectTokens.Grant grant = tokens.verify(token, dialed, caller.dn());
        return grant != null ? Outcome.of(grant)
                : Outcome.stop(Answer.of(Response.FORBIDDEN, "Forbidden (invalid or expired redirect)"));
    }

    /** Whether this routed call is answered with a 302 rather than bridged: redirect mode, not yet redirected. */
    static boolean redirects(Cluster cluster, Destination destination, RedirectTokens.Grant grant) {
        return destination.routePoint() != null && grant == null
                && cluster.config().routingService().mode() == IpmaConfig.CallMode.REDIRECT;
    }

    /** The 302 sending {@code caller} to the route point's choice for {@code dialed}. */
    Answer redirect(Cluster cluster, Request invite, LineAppearance caller, String dialed, Destination destination)
            throws ParseException {
        int routePointIndex = cluster.routePointLines().indexOf(destination.routePoint());
        String token = tokens.issue(new RedirectTokens.Grant(destination.number().dn(), caller.dn(), dialed,
                destination.divertedFrom(), destination.assistant() == null ? null : destination.assistant().user(),
                routePointIndex, destination.forwardNoAnswer()));
        ContactHeader contact = sip.contact(destination.number().dn(), SipParts.transportOf(invite));
        ((SipURI) contact.getAddress().getURI()).setParameter(PARAMETER, token);
        return Answer.of(Response.MOVED_TEMPORARILY, "Moved Temporarily").with(contact);
    }
}
