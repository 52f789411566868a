package org.openipma.b2bua.sip.call;

import javax.sip.header.FromHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.openipma.routing.Cluster;
import org.openipma.routing.LineAppearance;

/**
 * The third stage of the INVITE path: which line is calling. The From user must be a line on the phone of
 * the authenticated user; that line's effective CSS (line CSS, then device CSS) decides what the call reaches.
 */
final class CallingLine {
    private CallingLine() {
    }

    /** The caller's line appearance, or 403 naming the line and the user. */
    static Outcome<LineAppearance> identify(Cluster cluster, String user, Request invite) {
        String callingDn = SipParts.userPart(((FromHeader) invite.getHeader(FromHeader.NAME)).getAddress().getURI());
        return cluster.appearance(user, callingDn)
                .map(Outcome::of)
                .orElseGet(() -> Outcome.stop(Answer.of(Response.FORBIDDEN,
                        "Forbidden (line " + callingDn + " does not belong to user " + user + ")")));
    }
}
