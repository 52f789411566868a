package org.openipma.routing;

/**
 * A route point's line (such as {@code 100X/PT_INTERNAL}): calls that land here are the B2BUA's to decide.
 * Onward destinations are resolved through the route point's CSS; when the routing service fails, the
 * Call Forward No Answer destination (a mask applied to the dialed digits) through its own CSS.
 */
public final class RoutePointLine implements Target {
    private final IpmaConfig.RoutePoint routePoint;
    private final IpmaConfig.RoutePointLine line;
    // Set once by Cluster.compile right after the plan is built (a CSS needs its plan); never changed after.
    private CallingSearchSpace css;
    private CallingSearchSpace forwardNoAnswerCss;

    RoutePointLine(IpmaConfig.RoutePoint routePoint, IpmaConfig.RoutePointLine line) {
        this.routePoint = routePoint;
        this.line = line;
    }

    void bind(CallingSearchSpace css, CallingSearchSpace forwardNoAnswerCss) {
        this.css = css;
        this.forwardNoAnswerCss = forwardNoAnswerCss;
    }

    public IpmaConfig.RoutePoint routePoint() {
        return routePoint;
    }

    public IpmaConfig.RoutePointLine line() {
        return line;
    }

    /** The route point's CSS: what its onward legs can reach (CSS_IPMA reaches PT_MANAGER). */
    public CallingSearchSpace css() {
        return css;
    }

    /** Whether a Call Forward No Answer destination is configured. */
    public boolean hasForwardNoAnswer() {
        return line.forwardNoAnswer() != null;
    }

    /** The CFNA destination for a call that dialed {@code dialed}: the mask applied, e.g. 100X + 1003 = 1003. */
    public String forwardNoAnswerDestination(String dialed) {
        return DigitMask.apply(line.forwardNoAnswer().destination(), dialed);
    }

    /** The CSS the CFNA destination is routed through; null when no CFNA is configured. */
    public CallingSearchSpace forwardNoAnswerCss() {
        return forwardNoAnswerCss;
    }

    @Override
    public Kind kind() {
        return Kind.ROUTE_POINT;
    }

    @Override
    public String describe() {
        return "route point " + routePoint.name();
    }

    @Override
    public String toString() {
        return line.dn() + "/" + line.partition() + " (" + describe() + ")";
    }
}
