package org.openipma.b2bua.sipp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/** Free ports on 127.0.0.1, and waiting for another process to bind one. */
public final class LoopbackPorts {
    private static final Path PROC_NET_UDP = Path.of("/proc/net/udp");
    private static final Path PROC_NET_TCP = Path.of("/proc/net/tcp");

    private LoopbackPorts() {
    }

    /** A port free on both UDP and TCP (the server listens on both), as the kernel hands them out. */
    public static int freeUdpAndTcp() {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket tcp = new ServerSocket()) {
                tcp.setReuseAddress(false);
                tcp.bind(new InetSocketAddress(loopback(), 0));
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback(), tcp.getLocalPort()))) {
                    return udp.getLocalPort();
                }
            } catch (IOException portTakenOnUdp) {
                // the TCP port was free but the same UDP port was not: draw another
            }
        }
        throw new IllegalStateException("no port free on both UDP and TCP on 127.0.0.1 after 20 attempts");
    }

    /**
     * A free TCP port other than {@code taken}: for the HTTP port of a server whose SIP port {@code taken} was
     * drawn but is not bound yet (HTTP binds first; letting it bind port 0 the kernel could hand it that very
     * port, and SIP then found it in use).
     */
    public static int freeTcpOtherThan(int taken) {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket tcp = new ServerSocket()) {
                tcp.setReuseAddress(false);
                tcp.bind(new InetSocketAddress(loopback(), 0));
                if (tcp.getLocalPort() != taken) {
                    return tcp.getLocalPort();
                }
            } catch (IOException e) {
                // draw another
            }
        }
        throw new IllegalStateException("no free TCP port other than " + taken + " on 127.0.0.1 after 20 attempts");
    }

    /** A free UDP port. */
    public static int freeUdp() {
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback(), 0))) {
            return udp.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind a UDP socket on 127.0.0.1", e);
        }
    }

    /**
     * Waits until some process has bound UDP {@code port} on 127.0.0.1, by reading /proc/net/udp (probing
     * with a bind of our own could steal the port from the process starting up).
     *
     * @return whether it was bound within {@code timeout}; false at once where /proc/net/udp is missing
     */
    public static boolean awaitUdpBound(int port, Duration timeout) throws InterruptedException {
        return awaitBound(PROC_NET_UDP, port, timeout);
    }

    /** As {@link #awaitUdpBound}, for a TCP listening socket (/proc/net/tcp). */
    public static boolean awaitTcpBound(int port, Duration timeout) throws InterruptedException {
        return awaitBound(PROC_NET_TCP, port, timeout);
    }

    private static boolean awaitBound(Path table, int port, Duration timeout) throws InterruptedException {
        String local = String.format(Locale.ROOT, " 0100007F:%04X ", port);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (Files.isReadable(table)) {
            try {
                if (Files.readString(table).contains(local)) {
                    return true;
                }
            } catch (IOException e) {
                return false;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return false;
    }

    private static InetAddress loopback() {
        return InetAddress.getLoopbackAddress();
    }
}
