package org.openipma.b2bua.sip.call;

import javax.sip.ClientTransaction;
import javax.sip.Dialog;

/** One outbound INVITE of a call to one registered contact (a call forks to every contact of the line). */
final class Fork {
    final Call call;
    /** The INVITE's transaction; null once the call is set up and the fork won ({@link Call#releaseSetup}). */
    ClientTransaction transaction;
    final Dialog dialog;
    final String transport;
    /** The digest user of the phone whose contact this fork rings (its line answers if it wins). */
    final String user;
    /** The ringing round this fork belongs to (see {@link Call#round}). */
    final int round;
    /** True once this fork got a final response, timed out or was cancelled. */
    boolean finished;
    /** True once we sent CANCEL (a later 2xx from it must be ACKed and hung up). */
    boolean cancelled;
    /** True once a provisional response arrived: only then may CANCEL be sent (RFC 3261 §9.1). */
    boolean provisional;

    Fork(Call call, ClientTransaction transaction, Dialog dialog, String transport, String user, int round) {
        this.user = user;
        this.call = call;
        this.round = round;
        this.transaction = transaction;
        this.dialog = dialog;
        this.transport = transport;
    }
}
