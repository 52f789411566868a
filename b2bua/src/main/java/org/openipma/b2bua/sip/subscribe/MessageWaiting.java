package org.openipma.b2bua.sip.subscribe;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.openipma.b2bua.sip.call.Locations;
import org.openipma.routing.CallingSearchSpace;
import org.openipma.routing.Cluster;
import org.openipma.routing.DirectoryNumber;
import org.openipma.routing.IpmaConfig;
import org.openipma.routing.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Message waiting (RFC 3842): the voicemail system lights a line's lamp with a NOTIFY {@code message-summary}
 * sent to the server, outside any subscription, for {@code sip:<dn>@<server>}; the server keeps the mailbox's
 * state and tells the line's phones.
 *
 * <p>What may light a lamp is decided like a call: the NOTIFY is digest-authenticated (407) as a user whose
 * phone has the voicemail pilot line, and the DN is resolved through {@code voicemail.mwiCss} as if the
 * voicemail system dialled it. A DN that CSS does not reach as that line is refused {@code 404} with the
 * reason, naming the CSS: the manager's line sits in a partition ordinary CSSes must not list, so an MWI CSS
 * without it cannot light the manager's lamp (the seed's pitfall, which {@code ipma lint} also reports).
 *
 * <p>A change reaches every subscription to the line's {@code message-summary} in its dialog, and every other
 * registered contact of the line's phones unsolicited (a new Call-ID each time), as phones that do not
 * subscribe expect.
 */
final class MessageWaiting {
    private static final Logger log = LoggerFactory.getLogger(MessageWaiting.class);

    private final Supplier<Cluster> clusters;
    private final RequestAuthentication authentication;
    private final SubscriptionRegistry registry;
    private final Notifier notifier;
    private final Locations locations;
    private final String domain;
    /** Mailbox state by DN, as the voicemail system last signalled it; kept for new subscriptions. */
    private final Map<String, MessageSummary> mailboxes = new ConcurrentHashMap<>();

    MessageWaiting(Supplier<Cluster> clusters, RequestAuthentication authentication, SubscriptionRegistry registry,
                   Notifier notifier, Locations locations, String domain) {
        this.clusters = clusters;
        this.authentication = authentication;
        this.registry = registry;
        this.notifier = notifier;
        this.locations = locations;
        this.domain = domain;
    }

    /**
     * Judges the voicemail system's NOTIFY: authenticate → voicemail user → line through the MWI CSS → body.
     * Returns the refusal to answer with, or null when it was taken (answer 200; the phones are told on the
     * registry's worker).
     */
    Refusal signal(Request notify) {
        Verdict<String> user = authentication.authenticate(notify);
        if (user.refused()) {
            return user.refusal();
        }
        Cluster cluster = clusters.get();
        IpmaConfig.Voicemail voicemail = cluster.config().voicemail();
        if (voicemail == null) {
            return Refusal.of(Response.FORBIDDEN, "Forbidden (no voicemail system is configured)");
        }
        if (!cluster.owns(user.value(), voicemail.pilot())) {
            return Refusal.of(Response.FORBIDDEN, "Forbidden (user " + user.value()
                    + " is not the voicemail system: its phone has no line " + voicemail.pilot() + ")");
        }
        String dn = notify.getRequestURI() instanceof SipURI uri ? uri.getUser() : null;
        Verdict<DirectoryNumber> line = lineThroughMwiCss(cluster, voicemail, dn);
        if (line.refused()) {
            log.info("message waiting for {} refused: {}", dn, line.refusal().reason());
            return line.refusal();
        }
        byte[] raw = notify.getRawContent();
        Verdict<MessageSummary> summary = MessageSummary.parse(raw == null ? "" : new String(raw, StandardCharsets.UTF_8));
        if (summary.refused()) {
            return summary.refusal();
        }
        store(dn, line.value(), summary.value());
        return null;
    }

    /**
     * Lights or clears {@code dn}'s lamp on an administrator's behalf, exactly as the voicemail system's NOTIFY
     * would: the DN is resolved through {@code voicemail.mwiCss}. Returns the refusal (its reason names the CSS),
     * or null when the phones are being told.
     */
    Refusal set(String dn, boolean waiting) {
        Cluster cluster = clusters.get();
        IpmaConfig.Voicemail voicemail = cluster.config().voicemail();
        if (voicemail == null) {
            return Refusal.of(Response.FORBIDDEN, "Forbidden (no voicemail system is configured)");
        }
        Verdict<DirectoryNumber> line = lineThroughMwiCss(cluster, voicemail, dn);
        if (line.refused()) {
            log.info("message waiting for {} refused: {}", dn, line.refusal().reason());
            return line.refusal();
        }
        store(dn, line.value(), waiting ? new MessageSummary(true, null) : MessageSummary.NONE);
        return null;
    }

    private void store(String dn, DirectoryNumber line, MessageSummary summary) {
        mailboxes.put(dn, summary);
        log.info("message waiting for {}: {}", dn, summary.waiting() ? "yes" : "no");
        List<IpmaConfig.Phone> phones = line.phones();
        registry.execute(() -> tell(dn, phones));
    }

    private Verdict<DirectoryNumber> lineThroughMwiCss(Cluster cluster, IpmaConfig.Voicemail voicemail, String dn) {
        if (dn == null || dn.isEmpty()) {
            return Verdict.refuse(Refusal.of(Response.NOT_FOUND, "Not Found (the Request-URI names no line)"));
        }
        if (voicemail.mwiCss() == null) {
            return Verdict.refuse(Refusal.of(Response.NOT_FOUND,
                    "Not Found (voicemail.mwiCss is not set: no line's lamp can be lit)"));
        }
        // The loader checked that the CSS is defined.
        CallingSearchSpace css = cluster.css(voicemail.mwiCss()).orElseThrow();
        Route route = cluster.dialPlan().route(css, dn);
        if (route.target() instanceof DirectoryNumber number && number.dn().equals(dn)) {
            return Verdict.of(number);
        }
        return Verdict.refuse(Refusal.of(Response.NOT_FOUND, "Not Found (MWI CSS " + css.name() + " does not reach line "
                + dn + ": " + dn + " reaches " + (route.isFound() ? route.toString() : "nothing") + ")"));
    }

    /** Every subscription to {@code dn}'s mailbox in its dialog; every other registered contact unsolicited. */
    private void tell(String dn, List<IpmaConfig.Phone> phones) {
        List<Subscription> subscriptions = registry.watching(EventPackage.MESSAGE_SUMMARY, dn);
        subscriptions.forEach(registry::notifyActive);
        String body = summaryOf(dn).body(account(dn));
        for (IpmaConfig.Phone phone : phones) {
            for (URI contact : locations.contacts(phone.user(), dn)) {
                if (subscriptions.stream().noneMatch(subscription -> subscription.isDevice(contact))) {
                    notifier.unsolicited(contact, dn, body);
                }
            }
        }
    }

    /** The body of the next NOTIFY of a subscription to a mailbox. */
    String body(Subscription subscription) {
        return summaryOf(subscription.watched).body(account(subscription.watched));
    }

    private MessageSummary summaryOf(String dn) {
        return mailboxes.getOrDefault(dn, MessageSummary.NONE);
    }

    private String account(String dn) {
        return "sip:" + dn + "@" + domain;
    }
}
