package org.openipma.b2bua.sip.limits;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The SIP TCP listening socket, holding peers to {@link TcpConnections}' caps: {@link #accept} hands the RI only
 * the connections {@link ConnectionGate} admits, each with a read timeout of the idle time, and closes the others
 * at once.
 *
 * <p>Why here: JAIN-SIP's blocking TCP transport ({@code TCPMessageProcessor}) starts two threads per accepted
 * connection (a reader and a parser) and reads without a timeout, so connections, and threads, were bounded
 * only by what peers opened. The RI creates this socket through its pluggable network layer
 * ({@link LimitedNetworkLayer}), so no RI class is patched. A read that times out ends the RI's reader like a
 * closed connection: it closes the socket and both threads end. Any byte read, a CRLF keep-alive included
 * (RFC 5626 §4.4.1), restarts the idle time.
 */
final class LimitedServerSocket extends ServerSocket {
    private final ConnectionGate gate;

    LimitedServerSocket(int port, int backlog, InetAddress address, ConnectionGate gate) throws IOException {
        super(port, backlog, address);
        this.gate = gate;
    }

    @Override
    public Socket accept() throws IOException {
        while (true) {
            CountedSocket socket = gate.newSocket();
            implAccept(socket);
            if (gate.admit(socket)) {
                return socket;
            }
        }
    }
}
