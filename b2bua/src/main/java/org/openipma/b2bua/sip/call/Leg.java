package org.openipma.b2bua.sip.call;

import javax.sip.Dialog;
import org.openipma.routing.LineAppearance;

/**
 * One side of a bridged call: the dialog with the caller or with the callee. Requests arriving on a leg
 * are relayed to its {@link #peer()}.
 */
final class Leg {
    final Call call;
    final Dialog dialog;
    /** The transport towards this leg's phone (for our Contact and Via). */
    final String transport;
    /** The phone line on this leg's side (what a REFER from it is routed with), or null if not one of ours. */
    final LineAppearance line;
    private Leg peer;
    /**
     * CSeq of the last INVITE we sent on this leg that was answered 2xx and still awaits our ACK; the ACK is
     * sent when the other side ACKs (end-to-end ACK, so an answer carried in the ACK reaches the callee).
     */
    long inviteCSeqAwaitingAck = -1;

    Leg(Call call, Dialog dialog, String transport, LineAppearance line) {
        this.line = line;
        this.call = call;
        this.dialog = dialog;
        this.transport = transport;
    }

    Leg peer() {
        return peer;
    }

    static void pair(Leg a, Leg b) {
        a.peer = b;
        b.peer = a;
    }
}
