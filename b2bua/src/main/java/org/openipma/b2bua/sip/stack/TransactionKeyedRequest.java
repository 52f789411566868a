package org.openipma.b2bua.sip.stack;

import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPRequest;
import java.util.Locale;
import javax.sip.message.Request;

/**
 * A request received from the network, whose transaction key is what RFC 3261 §17.2.3 matches a server
 * transaction on: the top Via's branch, its sent-by, and the method (ACK counting as INVITE, whose transaction
 * it acknowledges), e.g. {@code z9hg4bk776asdhds|198.51.100.7:5060|INVITE}.
 *
 * <p>Why: JAIN-SIP RI 1.3.0-91 keys its server transaction table by the branch alone
 * ({@code SIPMessage.getTransactionId}) and matches on branch and sent-by, not method. A request whose branch
 * equals that of a transaction still in the table (32 s after a non-INVITE over UDP) was therefore dropped when
 * it came from another sender (the provider refuses a second transaction under the key), and taken for a
 * retransmission, and answered with the other request's response, when it came from the same sender with
 * another method. With this key each is a transaction of its own; a true retransmission (same branch, sent-by
 * and method) still finds its transaction. The RI finds the INVITE a CANCEL cancels by scanning the table
 * ({@code doesCancelMatchTransaction}), not by key, so CANCEL keeps working.
 *
 * <p>Only requests the parser builds ({@link StrictMessageParserFactory}) are of this class: requests the
 * application creates, and so every client transaction and the responses matched to it, keep the RI's key.
 * Requests with an RFC 2543 branch (no {@code z9hG4bK}) keep the RI's key too, which the RI matches by scanning.
 */
final class TransactionKeyedRequest extends SIPRequest {
    private static final long serialVersionUID = 1L;
    private static final String MAGIC_COOKIE = "z9hg4bk";

    @Override
    public String getTransactionId() {
        Via via = getTopmostVia();
        String branch = via == null ? null : via.getBranch();
        if (branch == null || getCSeq() == null || !branch.toLowerCase(Locale.ROOT).startsWith(MAGIC_COOKIE)) {
            return super.getTransactionId();
        }
        String method = getCSeq().getMethod();
        if (method.equals(Request.ACK)) {
            method = Request.INVITE;
        }
        return branch.toLowerCase(Locale.ROOT) + "|" + via.getSentBy().encode().toLowerCase(Locale.ROOT) + "|" + method;
    }
}
