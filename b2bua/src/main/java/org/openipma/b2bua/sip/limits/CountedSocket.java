package org.openipma.b2bua.sip.limits;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An accepted connection that leaves {@link TcpConnections} once, when it closes, if {@link ConnectionGate}
 * admitted it. A TLS connection is layered over one of these, and closing it closes this one.
 */
final class CountedSocket extends Socket {
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
