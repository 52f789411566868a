package org.openipma.b2bua.sip.limits;

import gov.nist.core.net.DefaultNetworkLayer;
import gov.nist.core.net.NetworkLayer;
import gov.nist.javax.sip.SipStackImpl;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.openipma.routing.AddressRange;

/**
 * The server stack's network layer (property {@code gov.nist.javax.sip.NETWORK_LAYER}): the RI's default one,
 * but its TCP listening sockets are {@link LimitedServerSocket}s, which cap connections per source address and
 * in all and time idle ones out. Sockets the server opens itself (towards phones) are the RI's, unlimited:
 * their number follows the calls, which {@code sip.maxCalls} bounds.
 *
 * <p>TLS: the listening socket is a {@link LimitedSslServerSocket}, held to the same caps and idle time (TCP and
 * TLS connections are counted together), and connections the server opens are plain JDK TLS sockets. Both use
 * one {@code SSLContext} built from the {@code javax.net.ssl.*} stack properties ({@code TlsKeys}) as the RI's
 * {@code SslNetworkLayer} builds it (which the RI creates only when no network layer is named): the key store's
 * key and certificate, the key store's certificates as the trusted ones.
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
    private SSLContext tls;
    private ConnectionGate tcpGate;
    private ConnectionGate tlsGate;

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
        TcpConnections connections = new TcpConnections(new TcpConnections.Settings(
                Integer.parseInt(properties.getProperty(IDLE_MILLIS)), Integer.parseInt(properties.getProperty(PER_SOURCE)),
                Integer.parseInt(properties.getProperty(TOTAL)), trusted));
        tcpGate = new ConnectionGate(connections, "tcp");
        tlsGate = new ConnectionGate(connections, "tls");
        // The default layer is a JVM-wide singleton that needs no stack: nothing to pass on.
        String keyStore = properties.getProperty("javax.net.ssl.keyStore");
        if (keyStore != null) {
            try {
                tls = tlsContext(properties, keyStore);
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException("TLS key store " + keyStore + " cannot be used: " + e.getMessage(), e);
            }
        }
    }

    /** What the RI's {@code SslNetworkLayer} builds from the same properties (client authentication not disabled). */
    private static SSLContext tlsContext(Properties properties, String keyStoreFile)
            throws GeneralSecurityException, IOException {
        char[] password = properties.getProperty("javax.net.ssl.keyStorePassword", "").toCharArray();
        KeyStore keyStore = load(keyStoreFile, properties.getProperty("javax.net.ssl.keyStoreType"), password);
        KeyStore trustStore = load(properties.getProperty("javax.net.ssl.trustStore", keyStoreFile),
                properties.getProperty("javax.net.ssl.trustStoreType"), password);
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, password);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trustStore);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), new SecureRandom());
        return context;
    }

    private static KeyStore load(String file, String type, char[] password) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(type != null ? type : KeyStore.getDefaultType());
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            store.load(in, password);
        }
        return store;
    }

    private SSLContext tls() throws IOException {
        if (tls == null) {
            throw new IOException("TLS is not configured: the stack has no javax.net.ssl.keyStore");
        }
        return tls;
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
        return new LimitedServerSocket(port, backlog, address, tcpGate);
    }

    @Override
    public SSLServerSocket createSSLServerSocket(int port, int backlog, InetAddress address) throws IOException {
        return new LimitedSslServerSocket(port, backlog, address, tlsGate, tls());
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
        return (SSLSocket) tls().getSocketFactory().createSocket(address, port);
    }

    @Override
    public SSLSocket createSSLSocket(InetAddress address, int port, InetAddress myAddress) throws IOException {
        return (SSLSocket) tls().getSocketFactory().createSocket(address, port, myAddress, 0);
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
