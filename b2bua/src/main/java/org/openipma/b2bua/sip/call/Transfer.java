package org.openipma.b2bua.sip.call;

import javax.sip.ClientTransaction;
import javax.sip.Dialog;

/**
 * One blind transfer in progress (RFC 3515): the referrer asked that its peer, the transferee, be connected to
 * a target instead. The target is called without an offer; its answer's offer goes to the transferee in a
 * re-INVITE; the transferee's answer goes to the target in the ACK. Guarded by the call's monitor.
 */
final class Transfer {
    /** The step a response belongs to. */
    enum Step { CALLING_TARGET, REINVITING_TRANSFEREE, DONE }

    final Call call;
    final Leg referrer;
    final Leg transferee;
    final Destination target;
    final String transport;
    ClientTransaction targetInvite;
    Dialog targetDialog;
    long targetCSeq;
    Step step = Step.CALLING_TARGET;

    Transfer(Call call, Leg referrer, Destination target, String transport) {
        this.call = call;
        this.referrer = referrer;
        this.transferee = referrer.peer();
        this.target = target;
        this.transport = transport;
    }

    /** The client transaction of a re-INVITE sent to the transferee for this transfer. */
    record ReInvite(Transfer transfer) {
    }
}
