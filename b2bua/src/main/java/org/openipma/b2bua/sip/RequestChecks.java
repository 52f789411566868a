package org.openipma.b2bua.sip;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.sip.header.ContactHeader;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.RequireHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.openipma.b2bua.sip.stack.StrictMessageParserFactory.Defect;

/**
 * What a UAS checks of a request before it looks at what the request asks (RFC 3261 §8.2.1-§8.2.2), for the
 * requests the stack delivers: each failed check is a {@link Refusal}, answered by the dispatcher instead of
 * the request being served. In order:
 * <ol>
 *   <li>a defect the parser found in a request it could parse whole (a repeated single header, a badly
 *       spaced Request-Line): 400 naming it ({@code StrictMessageParserFactory.Defect});
 *   <li>a Request-URI scheme other than {@code sip} or {@code sips}: 416 (§8.2.2.1). {@code tel} is refused
 *       too: nothing here routes a tel URI, and phones address us with sip;
 *   <li>an INVITE without Contact: 400 (§8.1.1.8: a request that can open a dialog must carry one; JAIN-SIP
 *       would refuse to make its transaction and nothing would be answered);
 *   <li>a {@code Require} option tag, except on ACK and CANCEL: 420 with {@code Unsupported} listing them
 *       (§8.2.2.3). The one extension we support is {@code timer} (RFC 4028 session timers) on INVITE and
 *       UPDATE; every other tag is unknown;
 *   <li>Max-Forwards 0 on an INVITE that opens a call: 483 (§16.3 step 3). It is the one request the B2BUA
 *       sends on with the incoming Max-Forwards less one ({@code Forking}); OPTIONS, REGISTER and the rest
 *       are answered here, as an endpoint does with them (RFC 4475 §3.3.11).
 * </ol>
 * Two checks are the stack's, with our parser's help ({@code StrictMessageParserFactory}): a SIP-Version other
 * than SIP/2.0 gets 505 from JAIN-SIP, and a request without Max-Forwards arrives here with 70.
 */
final class RequestChecks {
    private static final Set<String> SCHEMES = Set.of("sip", "sips");

    private RequestChecks() {
    }

    /**
     * Why a request is refused: the status, its reason phrase, and the option tags to list in
     * {@code Unsupported} (empty but for 420).
     */
    record Refusal(int status, String reason, List<String> unsupported) {
        Refusal {
            unsupported = List.copyOf(unsupported);
        }

        Refusal(int status, String reason) {
            this(status, reason, List.of());
        }
    }

    /** The first check {@code request} fails, or empty; an ACK is never refused (it cannot be answered). */
    static Optional<Refusal> refusal(Request request) {
        String method = request.getMethod();
        if (method.equals(Request.ACK)) {
            return Optional.empty();
        }
        Defect defect = Defect.of(request);
        if (defect != null) {
            return Optional.of(new Refusal(Response.BAD_REQUEST, "Bad Request (" + defect.reason() + ")"));
        }
        String scheme = request.getRequestURI().getScheme();
        if (scheme == null || !SCHEMES.contains(scheme.toLowerCase(Locale.ROOT))) {
            return Optional.of(new Refusal(Response.UNSUPPORTED_URI_SCHEME,
                    "Unsupported URI Scheme (" + scheme + "; expected: sip or sips)"));
        }
        if (method.equals(Request.INVITE) && request.getHeader(ContactHeader.NAME) == null) {
            return Optional.of(new Refusal(Response.BAD_REQUEST, "Bad Request (missing Contact)"));
        }
        if (!method.equals(Request.CANCEL)) {
            List<String> required = unsupportedOptionTags(request);
            if (!required.isEmpty()) {
                return Optional.of(new Refusal(Response.BAD_EXTENSION, "Bad Extension", required));
            }
        }
        MaxForwardsHeader maxForwards = (MaxForwardsHeader) request.getHeader(MaxForwardsHeader.NAME);
        if (method.equals(Request.INVITE) && maxForwards != null && maxForwards.getMaxForwards() == 0
                && !hasToTag(request)) {
            return Optional.of(new Refusal(Response.TOO_MANY_HOPS, "Too Many Hops"));
        }
        return Optional.empty();
    }

    private static List<String> unsupportedOptionTags(Request request) {
        boolean sessionTimed = request.getMethod().equals(Request.INVITE) || request.getMethod().equals(Request.UPDATE);
        List<String> tags = new ArrayList<>();
        for (Iterator<?> headers = request.getHeaders(RequireHeader.NAME); headers.hasNext(); ) {
            String tag = ((RequireHeader) headers.next()).getOptionTag();
            if (sessionTimed && tag != null && tag.trim().equalsIgnoreCase("timer")) {
                continue;
            }
            if (tag != null && !tag.isBlank() && !tags.contains(tag)) {
                tags.add(tag);
            }
        }
        return tags;
    }

    private static boolean hasToTag(Request request) {
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        return to != null && to.getTag() != null;
    }
}
