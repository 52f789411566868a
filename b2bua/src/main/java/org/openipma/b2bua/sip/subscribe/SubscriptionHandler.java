package org.openipma.b2bua.sip.subscribe;

import java.text.ParseException;
import java.util.function.Supplier;
import javax.sip.Dialog;
import javax.sip.InvalidArgumentException;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.address.SipURI;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.openipma.b2bua.sip.Responses;
import org.openipma.b2bua.sip.SipContext;
import org.openipma.routing.Cluster;
import org.openipma.routing.DirectoryNumber;
import org.openipma.routing.LineAppearance;
import org.openipma.routing.Route;

/**
 * SUBSCRIBE (RFC 6665), new or inside its dialog. A new one goes through, top to bottom:
 * event package (489 with Allow-Events) → authentication (407, as for calls) → subscribing line (the From user
 * must be a line of the authenticated phone, else 403) → what it may watch (below; 403 or 404) → interval →
 * dialog, 200 with our Contact and the granted Expires → the first NOTIFY, queued on the registry.
 *
 * <p>Who may watch what: a line's {@code message-summary} only its own phone (a mailbox is private); a line's
 * {@code dialog} state any line whose effective CSS reaches that line as a directory number — the same rule as
 * calling it, so the assistant's proxy line (CSS_IPMA) watches the manager's 1001 while an ordinary phone,
 * whose CSS lands on the route point, cannot see the manager's calls. A {@code dialog} subscription to the
 * filter-toggle code ({@code sip:*86@domain}) is the subscriber's own filter lamp instead, judged by
 * {@link FilterLamps#mayWatch}.
 *
 * <p>Intervals: {@value #DEFAULT_EXPIRES} s when the SUBSCRIBE names none (RFC 3842 §7, RFC 4235 §3.2), at
 * most {@value #MAX_EXPIRES} s (longer is shortened, RFC 6665 §4.2.1.1), any shorter one accepted. A refresh
 * inside the dialog is not challenged again, like every request inside a call's dialog; {@code Expires: 0}
 * ends the subscription with a final NOTIFY.
 */
final class SubscriptionHandler {
    static final int DEFAULT_EXPIRES = 3600;
    static final int MAX_EXPIRES = 3600;

    private final SipContext sip;
    private final Supplier<Cluster> clusters;
    private final RequestAuthentication authentication;
    private final SubscriptionRegistry registry;

    SubscriptionHandler(SipContext sip, Supplier<Cluster> clusters, RequestAuthentication authentication,
                        SubscriptionRegistry registry) {
        this.sip = sip;
        this.clusters = clusters;
        this.authentication = authentication;
        this.registry = registry;
    }

    /** A SUBSCRIBE outside any dialog: the stages above, then a new subscription. */
    void onSubscribe(ServerTransaction transaction) throws SipException, ParseException {
        Request request = transaction.getRequest();
        EventPackage eventPackage = EventPackage.of(request).orElse(null);
        if (eventPackage == null) {
            Refusal.badEvent(EventPackage.values()).send(sip, transaction);
            return;
        }
        Verdict<String> user = authentication.authenticate(request);
        if (user.refused()) {
            user.refusal().send(sip, transaction);
            return;
        }
        Cluster cluster = clusters.get();
        String fromDn = userOf(((FromHeader) request.getHeader(FromHeader.NAME)).getAddress().getURI());
        LineAppearance subscriber = cluster.appearance(user.value(), fromDn).orElse(null);
        if (subscriber == null) {
            Refusal.of(Response.FORBIDDEN, "Forbidden (line " + fromDn + " does not belong to user " + user.value() + ")")
                    .send(sip, transaction);
            return;
        }
        String watched = userOf(request.getRequestURI());
        Verdict<String> lamp = eventPackage == EventPackage.DIALOG
                ? FilterLamps.mayWatch(cluster, subscriber, watched) : null;
        Refusal refusal = lamp != null ? lamp.refusal() : mayWatch(cluster, subscriber, eventPackage, watched);
        if (refusal != null) {
            refusal.send(sip, transaction);
            return;
        }
        ContactHeader contact = (ContactHeader) request.getHeader(ContactHeader.NAME);
        if (contact == null || !(contact.getAddress().getURI() instanceof SipURI device)) {
            Refusal.of(Response.BAD_REQUEST, "Bad Request (SUBSCRIBE without a SIP Contact)").send(sip, transaction);
            return;
        }
        int seconds = granted(request);
        Dialog dialog = sip.provider().getNewDialog(transaction);
        Subscription subscription = new Subscription(registry.nextId(), eventPackage, watched,
                lamp == null ? null : lamp.value(), subscriber, dialog, device, transportOf(request));
        dialog.setApplicationData(subscription);
        accept(transaction, subscription, seconds);
        registry.open(subscription, seconds);
    }

    /** A SUBSCRIBE inside a dialog: a refresh or an unsubscribe of {@code subscription}, or 481 when it is over. */
    void onRefresh(ServerTransaction transaction, Subscription subscription) throws SipException, ParseException {
        Request request = transaction.getRequest();
        if (subscription == null || subscription.ended) {
            Refusal.of(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, "Subscription Does Not Exist").send(sip, transaction);
            return;
        }
        if (EventPackage.of(request).orElse(null) != subscription.eventPackage) {
            Refusal.badEvent(EventPackage.values()).send(sip, transaction);
            return;
        }
        int seconds = granted(request);
        accept(transaction, subscription, seconds);
        registry.refresh(subscription, seconds);
    }

    /** Null when {@code subscriber} may watch {@code dn}'s {@code eventPackage}; else the refusal saying why. */
    private static Refusal mayWatch(Cluster cluster, LineAppearance subscriber, EventPackage eventPackage, String dn) {
        if (dn == null || cluster.appearances(dn).isEmpty()) {
            return Refusal.of(Response.NOT_FOUND, "Not Found (no line " + dn + ")");
        }
        if (eventPackage == EventPackage.MESSAGE_SUMMARY) {
            return cluster.owns(subscriber.phone().user(), dn) ? null : Refusal.of(Response.FORBIDDEN,
                    "Forbidden (only the phone of line " + dn + " may subscribe to its message-summary)");
        }
        Route route = cluster.route(subscriber, dn);
        if (route.target() instanceof DirectoryNumber number && number.dn().equals(dn)) {
            return null;
        }
        return Refusal.of(Response.FORBIDDEN, "Forbidden (line " + subscriber.dn() + " cannot watch " + dn
                + ": its CSS reaches " + (route.isFound() ? route.toString() : "nothing") + " for " + dn + ")");
    }

    private void accept(ServerTransaction transaction, Subscription subscription, int seconds)
            throws SipException, ParseException {
        Response ok = Responses.create(transaction.getRequest(), Response.OK, "OK");
        ok.addHeader(sip.contact(subscription.watched, subscription.transport));
        try {
            ok.addHeader(sip.headers().createExpiresHeader(seconds));
        } catch (InvalidArgumentException e) {
            throw new IllegalStateException("Expires " + seconds, e);
        }
        Notifier.send(sip, transaction, ok);
    }

    private static int granted(Request request) {
        ExpiresHeader expires = request.getExpires();
        return expires == null ? DEFAULT_EXPIRES : Math.min(Math.max(0, expires.getExpires()), MAX_EXPIRES);
    }

    private static String userOf(javax.sip.address.URI uri) {
        return uri instanceof SipURI sipUri ? sipUri.getUser() : null;
    }

    private static String transportOf(Request request) {
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        return via == null ? "UDP" : via.getTransport().toUpperCase(java.util.Locale.ROOT);
    }
}
