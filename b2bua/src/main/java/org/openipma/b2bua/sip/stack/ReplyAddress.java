package org.openipma.b2bua.sip.stack;

import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.ConnectionOrientedMessageChannel;
import gov.nist.javax.sip.stack.MessageChannel;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetAddress;
import java.text.ParseException;

/**
 * Makes the RI answer a request at the address its packet came from, never at an address the sender wrote
 * (RFC 3261 §18.2.2: a response goes over the request's connection, or, that gone, to the {@code received}
 * address at the sent-by port; over UDP to {@code received}).
 *
 * <p>Two RI shortcuts are closed, for each request before it reaches a transaction:
 * <ul>
 *   <li>JAIN-SIP RI 1.3.0-91's TCP channel, when its connection has closed and reconnecting to the peer's
 *       ephemeral port fails, connects to the top Via's <em>host</em> ({@code peerAddressAdvertisedInHeaders},
 *       resolved by DNS if it is a name): a forged Via made the server connect, and resolve names, wherever the
 *       sender chose. That field is set to the source address here, so the retry goes to the source address at
 *       the Via's port, as the RFC says. The field is protected in the RI, hence a {@link VarHandle};
 *   <li>the RI adds {@code received} only when the Via's host differs from the source, so a sender whose Via
 *       names its own address could add a {@code received} of its choosing, which stateless responses
 *       ({@code SipProvider.sendResponse}) follow. A {@code received} other than the source is replaced.
 * </ul>
 */
public final class ReplyAddress {
    private static final VarHandle ADVERTISED_ADDRESS = advertisedAddress();

    private ReplyAddress() {
    }

    /** Pins where answers to {@code request}, received on {@code channel} from {@code source}, may go. */
    public static void pinToSource(SIPRequest request, MessageChannel channel, InetAddress source) {
        String address = source.getHostAddress();
        if (channel instanceof ConnectionOrientedMessageChannel && ADVERTISED_ADDRESS != null) {
            ADVERTISED_ADDRESS.set(channel, address);
        }
        Via via = request.getTopmostVia();
        String received = via == null ? null : via.getReceived();
        if (received != null && !received.equals(address)) {
            try {
                via.setReceived(address);
            } catch (ParseException e) {
                throw new IllegalStateException("a source address is a valid received: " + address, e);
            }
        }
    }

    private static VarHandle advertisedAddress() {
        try {
            return MethodHandles.privateLookupIn(ConnectionOrientedMessageChannel.class, MethodHandles.lookup())
                    .findVarHandle(ConnectionOrientedMessageChannel.class, "peerAddressAdvertisedInHeaders",
                            String.class);
        } catch (ReflectiveOperationException e) {
            // Another RI version: the fix is lost, which ClosedConnectionResponseTest would show.
            org.slf4j.LoggerFactory.getLogger(ReplyAddress.class)
                    .warn("JAIN-SIP has no peerAddressAdvertisedInHeaders: {}", e.toString());
            return null;
        }
    }
}
