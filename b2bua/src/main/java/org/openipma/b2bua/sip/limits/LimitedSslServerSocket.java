package org.openipma.b2bua.sip.limits;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The SIP TLS listening socket, held to the same caps and idle time as the TCP one: it accepts plain TCP
 * connections, lets {@link ConnectionGate} admit or refuse each before any handshake work (a refused peer costs
 * no key exchange), and layers TLS over the admitted ones in server mode, with the protocols, cipher suites and
 * client-authentication choice the RI set on this socket. Closing the TLS connection closes the counted one.
 *
 * <p>Why a socket of our own: the RI's TLS transport ({@code TLSMessageProcessor}) gets an {@code SSLServerSocket}
 * from the network layer, and the JDK's own cannot be told to accept into a socket we count (its
 * {@code implAccept} is internal). The read timeout set on the plain socket is the TLS connection's too, and
 * covers the handshake: a peer that connects and says nothing is closed after the idle time (or the RI's
 * handshake watchdog, whichever comes first).
 */
final class LimitedSslServerSocket extends SSLServerSocket {
    private final ConnectionGate gate;
    private final SSLSocketFactory tls;
    private final SSLParameters supported;
    private SSLParameters parameters;
    private boolean useClientMode;
    private boolean sessionCreation = true;

    /** Bound to {@code address:port}, serving with {@code context}, its default parameters until the RI sets them. */
    LimitedSslServerSocket(int port, int backlog, InetAddress address, ConnectionGate gate, SSLContext context)
            throws IOException {
        super(port, backlog, address);
        this.gate = gate;
        this.tls = context.getSocketFactory();
        this.supported = context.getSupportedSSLParameters();
        this.parameters = context.getDefaultSSLParameters();
    }

    @Override
    public Socket accept() throws IOException {
        while (true) {
            CountedSocket socket = gate.newSocket();
            implAccept(socket);
            if (!gate.admit(socket)) {
                continue;
            }
            try {
                SSLSocket secured = (SSLSocket) tls.createSocket(socket, socket.getInetAddress().getHostAddress(),
                        socket.getPort(), true);
                synchronized (this) {
                    secured.setUseClientMode(useClientMode);
                    secured.setEnableSessionCreation(sessionCreation);
                    secured.setSSLParameters(parameters);
                }
                return secured;
            } catch (IOException | RuntimeException e) {
                socket.close();
                throw e;
            }
        }
    }

    @Override
    public synchronized String[] getEnabledCipherSuites() {
        return parameters.getCipherSuites();
    }

    @Override
    public synchronized void setEnabledCipherSuites(String[] suites) {
        parameters.setCipherSuites(suites);
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return supported.getCipherSuites();
    }

    @Override
    public String[] getSupportedProtocols() {
        return supported.getProtocols();
    }

    @Override
    public synchronized String[] getEnabledProtocols() {
        return parameters.getProtocols();
    }

    @Override
    public synchronized void setEnabledProtocols(String[] protocols) {
        parameters.setProtocols(protocols);
    }

    @Override
    public synchronized void setNeedClientAuth(boolean need) {
        parameters.setNeedClientAuth(need);
    }

    @Override
    public synchronized boolean getNeedClientAuth() {
        return parameters.getNeedClientAuth();
    }

    @Override
    public synchronized void setWantClientAuth(boolean want) {
        parameters.setWantClientAuth(want);
    }

    @Override
    public synchronized boolean getWantClientAuth() {
        return parameters.getWantClientAuth();
    }

    @Override
    public synchronized void setUseClientMode(boolean mode) {
        useClientMode = mode;
    }

    @Override
    public synchronized boolean getUseClientMode() {
        return useClientMode;
    }

    @Override
    public synchronized void setEnableSessionCreation(boolean flag) {
        sessionCreation = flag;
    }

    @Override
    public synchronized boolean getEnableSessionCreation() {
        return sessionCreation;
    }

    @Override
    public synchronized SSLParameters getSSLParameters() {
        return parameters;
    }

    @Override
    public synchronized void setSSLParameters(SSLParameters params) {
        parameters = params;
    }
}
