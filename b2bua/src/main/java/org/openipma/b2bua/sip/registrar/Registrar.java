package org.openipma.b2bua.sip.registrar;

import java.text.ParseException;
import java.time.Instant;
import java.util.Calendar;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TimeZone;
import javax.sip.InvalidArgumentException;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.openipma.b2bua.sip.Responses;
import org.openipma.b2bua.sip.SipFactories;
import org.openipma.b2bua.sip.auth.AuthResult;
import org.openipma.b2bua.sip.auth.ChallengeKind;
import org.openipma.b2bua.sip.auth.DigestAuthenticator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registrar (RFC 3261 §10.3): answers a REGISTER for line {@code sip:<dn>@<domain>}.
 *
 * <ol>
 *   <li>Authenticate (digest, 401): no or stale credentials get a challenge, wrong ones 403 (and count
 *       against the source address, see {@code AuthFailures}).</li>
 *   <li>The To URI must be a {@code sip:} URI of our domain (else 404) naming a line the authenticated user
 *       owns ({@link LineOwnership#owns}, else 403 naming line and user). A line that does not exist gets the
 *       same 403 as another user's: were it a 404, one valid account could tell every line that exists
 *       from those that do not, and so list them; the log still says which it was.</li>
 *   <li>Contacts: none is a query; {@code *} with {@code Expires: 0} removes all ({@code *} otherwise:
 *       400); an interval under Min-Expires gets 423 with a Min-Expires header; longer than the maximum is
 *       shortened; 0 removes that contact. A REGISTER that would leave a line more than
 *       {@value #MAX_CONTACTS_PER_LINE} live contacts gets 403 and changes nothing: every contact is listed in
 *       each 200 and rung on each call, so an unbounded number let one phone exhaust the server's memory
 *       (10,000 contacts on one line made the 200s alone fill a 1 GB heap).</li>
 *   <li>200 OK listing every live contact with its remaining {@code expires}, and a Date header.</li>
 * </ol>
 * Thread-safe; {@link #process} never throws for anything the request contains.
 */
public final class Registrar {
    private static final Logger log = LoggerFactory.getLogger(Registrar.class);

    /** Live contacts one line may have (a desk phone, a softphone, a mobile client and some to spare). */
    public static final int MAX_CONTACTS_PER_LINE = 10;

    private final RegistrarConfig config;
    private final DigestAuthenticator authenticator;
    private final LineOwnership lines;
    private final BindingStore bindings;

    public Registrar(RegistrarConfig config, DigestAuthenticator authenticator, LineOwnership lines,
                     BindingStore bindings) {
        this.config = Objects.requireNonNull(config, "config");
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.lines = Objects.requireNonNull(lines, "lines");
        this.bindings = Objects.requireNonNull(bindings, "bindings");
    }

    /** The response to a REGISTER; the caller sends it on the request's server transaction. */
    public Response process(Request request) {
        AuthResult auth = authenticator.authenticate(request, ChallengeKind.USER_AGENT_401);
        if (auth instanceof AuthResult.Challenge challenge) {
            return authenticator.challengeResponse(request, challenge);
        }
        if (auth instanceof AuthResult.Rejected rejected) {
            log.debug("REGISTER refused: user {}: {}", rejected.user(), rejected.reason());
            return Responses.create(request, Response.FORBIDDEN, "Forbidden (" + rejected.reason() + ")");
        }
        String user = ((AuthResult.Authenticated) auth).user();
        URI to = ((ToHeader) request.getHeader(ToHeader.NAME)).getAddress().getURI();
        String notOurs = notALineOfOurs(to);
        if (notOurs != null) {
            return Responses.create(request, Response.NOT_FOUND, "Not Found (" + notOurs + ")");
        }
        String dn = ((SipURI) to).getUser();
        if (!lines.owns(user, dn)) {
            log.info("REGISTER refused: line {} {} (user {})", dn,
                    lines.lineExists(dn) ? "belongs to another user" : "does not exist", user);
            return Responses.create(request, Response.FORBIDDEN,
                    "Forbidden (line " + dn + " does not belong to user " + user + ")");
        }
        return apply(request, new PhoneLine(user, dn), RegisterAction.read(request, config));
    }

    /** Why {@code to} is not the address of record of a line of our domain, or null if it may be. */
    private String notALineOfOurs(URI to) {
        if (!(to instanceof SipURI sip) || sip.getUser() == null) {
            return to + " is not sip:<line>@" + config.domain();
        }
        if (!sip.getHost().equalsIgnoreCase(config.domain())) {
            return "domain " + sip.getHost() + " is not served here (expected: " + config.domain() + ")";
        }
        return null;
    }

    private Response apply(Request request, PhoneLine line, RegisterAction action) {
        String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
        long cseq = ((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber();
        BindingStore.Update update;
        if (action instanceof RegisterAction.Invalid invalid) {
            return invalid(request, invalid);
        } else if (action instanceof RegisterAction.Update contacts) {
            int after = contactsAfter(line, contacts.contacts());
            if (after > MAX_CONTACTS_PER_LINE) {
                log.info("REGISTER refused: line {} would have {} contacts (at most {})", line, after,
                        MAX_CONTACTS_PER_LINE);
                return Responses.create(request, Response.FORBIDDEN, "Forbidden (line " + line.dn() + " would have "
                        + after + " contacts; at most " + MAX_CONTACTS_PER_LINE + ")");
            }
            update = bindings.update(line, callId, cseq, contacts.contacts());
        } else if (action instanceof RegisterAction.RemoveAll) {
            update = bindings.removeAll(line, callId, cseq);
        } else {
            update = new BindingStore.Update.Applied(bindings.contactsFor(line));
        }
        if (update instanceof BindingStore.Update.OutOfOrder stale) {
            return Responses.create(request, Response.BAD_REQUEST, "Bad Request (CSeq " + cseq
                    + " is not above " + stale.storedCseq() + " that set " + stale.contactUri() + ")");
        }
        List<Binding> current = ((BindingStore.Update.Applied) update).current();
        log.debug("REGISTER line {}: {} contact(s)", line, current.size());
        return ok(request, current);
    }

    /** How many live contacts {@code line} would have with {@code changes} applied. */
    private int contactsAfter(PhoneLine line, List<ContactUpdate> changes) {
        java.util.Set<String> uris = new java.util.HashSet<>();
        bindings.contactsFor(line).forEach(binding -> uris.add(binding.contactUri()));
        for (ContactUpdate change : changes) {
            if (change.expiresSeconds() == 0) {
                uris.remove(change.contactUri());
            } else {
                uris.add(change.contactUri());
            }
        }
        return uris.size();
    }

    private Response invalid(Request request, RegisterAction.Invalid invalid) {
        Response response = Responses.create(request, invalid.status(), invalid.reason());
        if (invalid.status() == Response.INTERVAL_TOO_BRIEF) {
            try {
                response.addHeader(SipFactories.headers().createMinExpiresHeader(config.minExpires()));
            } catch (InvalidArgumentException e) {
                throw new IllegalStateException("minExpires " + config.minExpires() + " was validated", e);
            }
        }
        return response;
    }

    private Response ok(Request request, List<Binding> current) {
        Response response = Responses.create(request, Response.OK);
        HeaderFactory headers = SipFactories.headers();
        Instant now = bindings.now();
        try {
            for (Binding binding : current) {
                ContactHeader contact = headers.createContactHeader(
                        SipFactories.addresses().createAddress(SipFactories.addresses().createURI(binding.contactUri())));
                contact.setExpires((int) binding.remainingSeconds(now));
                if (binding.q().isPresent()) {
                    contact.setQValue((float) binding.q().getAsDouble());
                }
                response.addHeader(contact);
            }
        } catch (ParseException | InvalidArgumentException e) {
            // Every stored URI and q came from a header the stack had parsed.
            throw new IllegalStateException("cannot list bindings in a 200 OK: " + e.getMessage(), e);
        }
        Calendar date = Calendar.getInstance(TimeZone.getTimeZone("GMT"), Locale.ROOT);
        date.setTimeInMillis(now.toEpochMilli());
        response.addHeader(headers.createDateHeader(date));
        return response;
    }
}
