package org.openipma.b2bua.sip.limits;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;
import org.openipma.b2bua.sip.PacketSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIP TCP listening socket, holding peers to {@link TcpConnections}' caps: {@link #accept} closes a
 * connection over its source's cap or the total cap at once (with a reset, so nothing lingers in TIME_WAIT on
 * our side) and hands the RI only the connections it admits, each with a read timeout of the idle time.
 *
 * <p>Why here: JAIN-SIP's blocking TCP transport ({@code TCPMessageProcessor}) starts two threads per accepted
 * connection (a reader and a parser) and reads without a timeout, so connections, and threads, were bounded
 * only by what peers opened. The RI creates this socket through its pluggable network layer
 * ({@link LimitedNetworkLayer}), so no RI class is patched. A read that times out ends the RI's reader like a
 * closed connection: it closes the socket and both threads end. Any byte read, a CRLF keep-alive included
 * (RFC 5626 §4.4.1), restarts the idle time.
 */
final class LimitedServerSocket extends ServerSocket {
    private static final Logger security = LoggerFactory.getLogger("org.openipma.security");

    private final TcpConnections connections;
    private final LogBudget logBudget = new LogBudget();

    LimitedServerSocket(int port, int backlog, InetAddress address, TcpConnections connections) throws IOException {
        super(port, backlog, address);
        this.connections = connections;
    }

    @Override
    public Socket accept() throws IOException {
        while (true) {
            CountedSocket socket = new CountedSocket(connections);
            implAccept(socket);
            InetAddress source = socket.getInetAddress();
            TcpConnections.Refusal refusal = connections.open(source);
            if (refusal == null) {
                socket.admitted();
                socket.setSoTimeout(connections.settings().idleMillis());
                return socket;
            }
            refuse(socket);
            long suppressed = logBudget.take();
            if (suppressed >= 0) {
                security.warn("security: tcp-refused src={} reason={} open={}{}",
                        new PacketSource(source, socket.getPort(), "tcp"), refusal.reason, connections.total(),
                        suppressed == 0 ? "" : " suppressed=" + suppressed);
            }
        }
    }

    private static void refuse(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            // Already gone: nothing to free.
        }
    }

    /** A socket that leaves {@link TcpConnections} once, when it closes, if it was admitted. */
    private static final class CountedSocket extends Socket {
        private final TcpConnections connections;
        private final AtomicBoolean counted = new AtomicBoolean();
        private InetAddress source;

        CountedSocket(TcpConnections connections) {
            this.connections = connections;
        }

        void admitted() {
            source = getInetAddress();
            counted.set(true);
        }

        @Override
        public synchronized void close() throws IOException {
            try {
                super.close();
            } finally {
                if (counted.compareAndSet(true, false)) {
                    connections.closed(source);
                }
            }
        }
    }
}
