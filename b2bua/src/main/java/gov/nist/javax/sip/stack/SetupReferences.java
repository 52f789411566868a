package gov.nist.javax.sip.stack;

import gov.nist.javax.sip.ReleaseReferencesStrategy;
import javax.sip.Dialog;

/**
 * Lets an established call's two dialogs drop what only setting them up needed, as the RI's own
 * {@code ReleaseReferencesStrategy.Normal} does for a server dialog once its 2xx is ACKed: the INVITE
 * transaction (first and last), the original request, and the parsed Call-ID, Contact, remote target and
 * parties, which are kept as text and parsed again when next asked for (a BYE or re-INVITE).
 *
 * <p>Why a class in the RI's package: the RI does this in {@code SIPDialog.cleanUpOnAck()}, which is protected,
 * and only for server dialogs, only under a stack-wide strategy. Stack-wide, {@code Normal} also clears a
 * dialog's ACK and timer semaphores whenever a later 2xx timer stops (a re-INVITE's), and {@code Aggressive}
 * left three RFC 4475 requests unanswered (docs/benchmarks.md). Here the strategy is {@code Normal} only for the
 * call to {@code cleanUpOnAck()} and set back at once, so nothing else about the dialog changes. Why it
 * matters: the callee's dialog otherwise keeps its INVITE client transaction (with its message channel and
 * hop) and both dialogs keep four parsed addresses each for the whole call: about a fifth of the heap a call
 * in progress holds.
 */
public final class SetupReferences {
    private SetupReferences() {
    }

    /**
     * Releases {@code dialog}'s set-up references. Call it once its INVITE has been answered and ACKed (by the
     * caller on the caller's dialog, by us on the callee's); a dialog not of the RI is left alone.
     */
    public static void release(Dialog dialog) {
        if (dialog instanceof SIPDialog sip) {
            ReleaseReferencesStrategy before = sip.getReleaseReferencesStrategy();
            sip.setReleaseReferencesStrategy(ReleaseReferencesStrategy.Normal);
            try {
                sip.cleanUpOnAck();
            } finally {
                sip.setReleaseReferencesStrategy(before);
            }
        }
    }
}
