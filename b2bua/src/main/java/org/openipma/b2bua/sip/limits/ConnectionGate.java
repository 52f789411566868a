package org.openipma.b2bua.sip.limits;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import org.openipma.b2bua.sip.PacketSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits or refuses a connection a listening socket has just accepted, against {@link TcpConnections}' caps,
 * for the TCP and the TLS listener alike (their connections are counted together). An admitted connection gets
 * the idle time as its read timeout; a refused one is closed at once with a reset (nothing lingers in TIME_WAIT
 * on our side) and logged as one security line, {@code security: tcp-refused src=ADDRESS:PORT/TRANSPORT
 * reason=per-source-cap|total-cap open=N}, rate-limited by a {@link LogBudget}.
 */
final class ConnectionGate {
    private static final Logger security = LoggerFactory.getLogger("org.openipma.security");

    private final TcpConnections connections;
    private final String transport;
    private final LogBudget logBudget = new LogBudget();

    /** @param transport the name the security log gives the listener's transport: {@code tcp} or {@code tls} */
    ConnectionGate(TcpConnections connections, String transport) {
        this.connections = connections;
        this.transport = transport;
    }

    /** A new socket for {@code ServerSocket.implAccept}, counted once admitted. */
    CountedSocket newSocket() {
        return new CountedSocket(connections);
    }

    /** Whether {@code socket}, just accepted, may stay open; when not, it is closed and the refusal logged. */
    boolean admit(CountedSocket socket) throws IOException {
        InetAddress source = socket.getInetAddress();
        TcpConnections.Refusal refusal = connections.open(source);
        if (refusal == null) {
            socket.admitted();
            socket.setSoTimeout(connections.settings().idleMillis());
            return true;
        }
        refuse(socket);
        long suppressed = logBudget.take();
        if (suppressed >= 0) {
            security.warn("security: tcp-refused src={} reason={} open={}{}",
                    new PacketSource(source, socket.getPort(), transport), refusal.reason, connections.total(),
                    suppressed == 0 ? "" : " suppressed=" + suppressed);
        }
        return false;
    }

    private static void refuse(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            // Already gone: nothing to free.
        }
    }
}
