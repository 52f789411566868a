package org.openipma.b2bua.registrar;

import java.util.ListIterator;
import javax.sip.ServerTransaction;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.MinExpiresHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.openipma.b2bua.sip.SipContext;
import org.openipma.b2bua.sip.SipDispatcher;
import org.openipma.routing.Cluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registrar (RFC 3261 §10.3). A phone registers each of its lines as {@code sip:<dn>@<domain>},
 * authenticating with its digest user; it may register only lines its phone has (another's line: 403; a
 * number that is no line at all: 404). Several contacts per line; {@code Expires: 0} removes one,
 * {@code Contact: *} with {@code Expires: 0} removes all; intervals under {@link #MIN_EXPIRES} get 423.
 */
public final class Registrar implements SipDispatcher.RegisterHandler {
    /** Shortest registration accepted, in seconds. */
    public static final int MIN_EXPIRES = 60;
    /** Longest registration granted, in seconds; longer requests are shortened. */
    public static final int MAX_EXPIRES = 7200;
    /** Granted when the phone asks for no interval. */
    public static final int DEFAULT_EXPIRES = 3600;

    private static final Logger log = LoggerFactory.getLogger(Registrar.class);

    private final SipContext sip;
    private final Cluster cluster;
    private final DigestAuthenticator authenticator;
    private final BindingStore bindings;

    public Registrar(SipContext sip, Cluster cluster, DigestAuthenticator authenticator, BindingStore bindings) {
        this.sip = sip;
        this.cluster = cluster;
        this.authenticator = authenticator;
        this.bindings = bindings;
    }

    @Override
    public void onRegister(Request request, ServerTransaction transaction) throws Exception {
        DigestAuthenticator.Outcome outcome = authenticator.check(request, false);
        switch (outcome.verdict()) {
            case CHALLENGE:
            case STALE:
                Response challenge = sip.messages().createResponse(Response.UNAUTHORIZED, request);
                authenticator.challenge(challenge, sip.headers(), outcome.verdict() == DigestAuthenticator.Verdict.STALE);
                transaction.sendResponse(challenge);
                return;
            case FORBIDDEN:
                log.info("REGISTER refused: wrong credentials for user {}", outcome.user());
                send(transaction, Response.FORBIDDEN, "Forbidden (wrong credentials)");
                return;
            default:
                break;
        }
        String user = outcome.user();
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        String dn = to.getAddress().getURI() instanceof SipURI ? ((SipURI) to.getAddress().getURI()).getUser() : null;
        if (dn == null || cluster.appearances(dn).isEmpty()) {
            send(transaction, Response.NOT_FOUND, "Not Found (no line " + dn + ")");
            return;
        }
        if (!cluster.owns(user, dn)) {
            log.info("REGISTER refused: line {} does not belong to user {}", dn, user);
            send(transaction, Response.FORBIDDEN, "Forbidden (line " + dn + " does not belong to user " + user + ")");
            return;
        }
        ExpiresHeader expiresHeader = request.getExpires();
        String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
        long cseq = ((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber();
        ListIterator<?> contacts = request.getHeaders(ContactHeader.NAME);
        while (contacts.hasNext()) {
            ContactHeader contact = (ContactHeader) contacts.next();
            if (contact.isWildCard()) {
                if (expiresHeader == null || expiresHeader.getExpires() != 0) {
                    send(transaction, Response.BAD_REQUEST, "Bad Request (Contact: * requires Expires: 0)");
                    return;
                }
                bindings.removeAll(user, dn);
                continue;
            }
            int asked = contact.getExpires() >= 0 ? contact.getExpires()
                    : expiresHeader != null ? expiresHeader.getExpires() : DEFAULT_EXPIRES;
            if (asked > 0 && asked < MIN_EXPIRES) {
                Response tooBrief = sip.messages().createResponse(Response.INTERVAL_TOO_BRIEF, request);
                MinExpiresHeader min = sip.headers().createMinExpiresHeader(MIN_EXPIRES);
                tooBrief.addHeader(min);
                transaction.sendResponse(tooBrief);
                return;
            }
            bindings.update(user, dn, contact.getAddress().getURI(), Math.min(asked, MAX_EXPIRES), callId, cseq);
        }
        Response ok = sip.messages().createResponse(Response.OK, request);
        long now = System.currentTimeMillis();
        for (BindingStore.Binding binding : bindings.bindings(user, dn)) {
            ContactHeader current = sip.headers().createContactHeader(sip.addresses().createAddress(binding.contact()));
            current.setExpires((int) binding.remainingSeconds(now));
            ok.addHeader(current);
        }
        ok.addHeader(sip.headers().createDateHeader(java.util.Calendar.getInstance()));
        transaction.sendResponse(ok);
        log.debug("{} registered line {} ({} contacts)", user, dn, bindings.bindings(user, dn).size());
    }

    private void send(ServerTransaction transaction, int status, String reason) throws Exception {
        Response response = sip.messages().createResponse(status, transaction.getRequest());
        response.setReasonPhrase(reason);
        transaction.sendResponse(response);
    }

}
