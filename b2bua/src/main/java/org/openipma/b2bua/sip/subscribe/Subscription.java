package org.openipma.b2bua.sip.subscribe;

import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import javax.sip.Dialog;
import javax.sip.address.SipURI;
import org.openipma.routing.LineAppearance;

/**
 * One accepted SUBSCRIBE: who watches which line for which package, over which dialog. The identity fields are
 * fixed; the rest is changed only on the {@link SubscriptionRegistry}'s worker thread, which owns every
 * subscription from the moment the 200 is sent until it is released.
 */
final class Subscription {
    final long id;
    final EventPackage eventPackage;
    /** The DN watched: the Request-URI user of the SUBSCRIBE (for a filter lamp, the filter-toggle code). */
    final String watched;
    /** For a filter lamp ({@link FilterLamps}), the manager (by user) whose filter it shows; null for a line. */
    final String filterOf;
    /** The subscribing line (the From user, a line of the authenticated phone). */
    final LineAppearance subscriber;
    /** The subscription's dialog on our side; NOTIFYs go inside it. */
    final Dialog dialog;
    /** The Contact of the SUBSCRIBE: the device, so an MWI change is not also sent to it unsolicited. */
    final SipURI device;
    /** The transport the SUBSCRIBE came over: our NOTIFYs' Contact names it. */
    final String transport;

    Instant expiresAt;
    ScheduledFuture<?> expiry;
    /** The {@code version} of the last dialog-info document sent, -1 before the first (RFC 4235 §4.1). */
    long version = -1;
    /** Read by SIP threads to answer a refresh 481; written on the worker. */
    volatile boolean ended;

    Subscription(long id, EventPackage eventPackage, String watched, String filterOf, LineAppearance subscriber,
                 Dialog dialog, SipURI device, String transport) {
        this.id = id;
        this.eventPackage = eventPackage;
        this.watched = watched;
        this.filterOf = filterOf;
        this.subscriber = subscriber;
        this.dialog = dialog;
        this.device = device;
        this.transport = transport;
    }

    /** Whether {@code contact} is this subscription's device: same host and port. */
    boolean isDevice(javax.sip.address.URI contact) {
        return contact instanceof SipURI uri && uri.getHost().equalsIgnoreCase(device.getHost())
                && port(uri) == port(device);
    }

    private static int port(SipURI uri) {
        return uri.getPort() > 0 ? uri.getPort() : 5060;
    }

    @Override
    public String toString() {
        return "subscription " + id + " " + subscriber.dn() + "->" + watched + " (" + eventPackage
                + (filterOf == null ? "" : ", filter of " + filterOf) + ")";
    }
}
