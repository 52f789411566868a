package org.openipma.b2bua.sip;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.MessageChannel;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Locale;
import javax.sip.message.Request;

/**
 * Where a request really came from: the source address and port of the UDP datagram or TCP connection that
 * carried it, and that transport. Never the Via, which the sender writes.
 *
 * @param address the packet's source address, or null when the request did not arrive from the network
 *     (built in a test)
 * @param transport {@code udp} or {@code tcp}, or {@code ?} when unknown
 */
public record PacketSource(InetAddress address, int port, String transport) {
    /** For requests that did not come from a socket. */
    public static final PacketSource UNKNOWN = new PacketSource(null, 0, "?");

    /** The source of {@code request} as the JAIN-SIP RI recorded it on receipt. */
    public static PacketSource of(Request request) {
        if (!(request instanceof SIPRequest sip) || sip.getPeerPacketSourceAddress() == null) {
            return UNKNOWN;
        }
        String transport = sip.getMessageChannel() instanceof MessageChannel channel
                ? channel.getTransport().toLowerCase(Locale.ROOT) : "?";
        return new PacketSource(sip.getPeerPacketSourceAddress(), sip.getPeerPacketSourcePort(), transport);
    }

    /** Whether the address is known. */
    public boolean known() {
        return address != null;
    }

    /** {@code 198.51.100.7:5060/udp}, {@code [2001:db8::7]:5060/tcp}, or {@code unknown}. */
    @Override
    public String toString() {
        if (address == null) {
            return "unknown";
        }
        String host = address.getHostAddress();
        return (address instanceof Inet6Address ? "[" + host + "]" : host) + ":" + port + "/" + transport;
    }
}
