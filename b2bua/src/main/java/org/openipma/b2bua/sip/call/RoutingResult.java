package org.openipma.b2bua.sip.call;

/** The outcome of routing a call: a destination, or the SIP status the caller gets. */
record RoutingResult(Destination destination, int status, String reason) {

    static RoutingResult to(Destination destination) {
        return new RoutingResult(destination, 0, null);
    }

    static RoutingResult reject(int status, String reason) {
        return new RoutingResult(null, status, reason);
    }

    boolean isRouted() {
        return destination != null;
    }
}
