package org.openipma.b2bua.sip.limits;

import gov.nist.core.net.DefaultNetworkLayer;
import gov.nist.core.net.NetworkLayer;
import gov.nist.core.net.SslNetworkLayer;
import gov.nist.javax.sip.SipStackImpl;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.openipma.routing.AddressRange;

/**
 * The server stack's network layer (property {@code gov.nist.javax.sip.NETWORK_LAYER}): the RI's default one,
 * but its TCP listening sockets are {@link LimitedServerSocket}s, which cap connections per source address and
 * in all and time idle ones out. Sockets the server opens itself (towards phones) are the RI's, unlimited:
 * their number follows the calls, which {@code sip.maxCalls} bounds.
 *
 * <p>TLS sockets are the RI's {@code SslNetworkLayer}'s, built from the same {@code javax.net.ssl.*} stack
 * properties the RI would use ({@code TlsKeys}); the RI creates that layer only when no network layer is named.
 * TLS connections are not capped here: the RI's TLS processor accepts on an {@code SSLServerSocket}, which this
 * layer does not wrap (see docs/security.md).
 *
 * <p>The RI instantiates the layer itself, by class name, so its settings come through the stack's properties
 * ({@link #configure}).
 */
public final class LimitedNetworkLayer implements NetworkLayer {
    static final String IDLE_MILLIS = "org.openipma.sip.TCP_IDLE_MILLIS";
    static final String PER_SOURCE = "org.openipma.sip.TCP_CONNECTIONS_PER_SOURCE";
    static final String TOTAL = "org.openipma.sip.TCP_MAX_CONNECTIONS";
    static final String TRUSTED = "org.openipma.sip.TCP_TRUSTED_SOURCES";

    /**
     * TCP limits.
     *
     * @param idleMillis how long a connection a peer opened may stay silent, at least 1
     * @param perSource connections one untrusted address may hold open, at least 1
     * @param total connections all peers may hold open, at least 1
     * @param trusted addresses held to the total only
     */
    public record Settings(int idleMillis, int perSource, int total, List<AddressRange> trusted) {
        public Settings {
            new TcpConnections.Settings(idleMillis, perSource, total, trusted); // validates
            trusted = List.copyOf(trusted);
        }
    }

    private final NetworkLayer delegate = DefaultNetworkLayer.SINGLETON;
    private NetworkLayer tls = DefaultNetworkLayer.SINGLETON;
    private TcpConnections connections;

    /** Sets the stack properties that install this layer with {@code settings}. */
    public static void configure(Properties properties, Settings settings) {
        properties.setProperty("gov.nist.javax.sip.NETWORK_LAYER", LimitedNetworkLayer.class.getName());
        properties.setProperty(IDLE_MILLIS, Integer.toString(settings.idleMillis()));
        properties.setProperty(PER_SOURCE, Integer.toString(settings.perSource()));
        properties.setProperty(TOTAL, Integer.toString(settings.total()));
        List<String> ranges = new ArrayList<>();
        settings.trusted().forEach(range -> ranges.add(range.toString()));
        properties.setProperty(TRUSTED, String.join(",", ranges));
    }

    @Override
    public void setSipStack(SipStackImpl stack) {
        Properties properties = stack.getConfigurationProperties();
        List<AddressRange> trusted = new ArrayList<>();
        for (String range : properties.getProperty(TRUSTED, "").split(",")) {
            if (!range.isBlank()) {
                trusted.add(AddressRange.parse(range.strip()));
            }
        }
        connections = new TcpConnections(new TcpConnections.Settings(
                Integer.parseInt(properties.getProperty(IDLE_MILLIS)), Integer.parseInt(properties.getProperty(PER_SOURCE)),
                Integer.parseInt(properties.getProperty(TOTAL)), trusted));
        // The default layer is a JVM-wide singleton that needs no stack: nothing to pass on.
        String keyStore = properties.getProperty("javax.net.ssl.keyStore");
        if (keyStore != null) {
            // What the RI builds itself from the same properties when no network layer is named.
            try {
                char[] password = properties.getProperty("javax.net.ssl.keyStorePassword", "").toCharArray();
                tls = new SslNetworkLayer(stack, properties.getProperty("javax.net.ssl.trustStore", keyStore), keyStore,
                        password, password, properties.getProperty("javax.net.ssl.keyStoreType"),
                        properties.getProperty("javax.net.ssl.trustStoreType"));
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException("TLS key store " + keyStore + " cannot be used: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
        return new LimitedServerSocket(port, backlog, address, connections);
    }

    @Override
    public SSLServerSocket createSSLServerSocket(int port, int backlog, InetAddress address) throws IOException {
        return tls.createSSLServerSocket(port, backlog, address);
    }

    @Override
    public Socket createSocket(InetAddress address, int port) throws IOException {
        return delegate.createSocket(address, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress myAddress) throws IOException {
        return delegate.createSocket(address, port, myAddress);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress myAddress, int myPort) throws IOException {
        return delegate.createSocket(address, port, myAddress, myPort);
    }

    @Override
    public SSLSocket createSSLSocket(InetAddress address, int port) throws IOException {
        return tls.createSSLSocket(address, port);
    }

    @Override
    public SSLSocket createSSLSocket(InetAddress address, int port, InetAddress myAddress) throws IOException {
        return tls.createSSLSocket(address, port, myAddress);
    }

    @Override
    public DatagramSocket createDatagramSocket() throws SocketException {
        return delegate.createDatagramSocket();
    }

    @Override
    public DatagramSocket createDatagramSocket(int port, InetAddress address) throws SocketException {
        return delegate.createDatagramSocket(port, address);
    }
}
