package org.openipma.b2bua.sip.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import gov.nist.javax.sip.message.MessageFactoryImpl;
import org.openipma.b2bua.sip.SipFactories;

/**
 * A phone's TLS connection to the server, written and read as SIP text: it trusts exactly the certificates of
 * one PKCS12 store (the server's generated one) and checks the server's address against the certificate, as
 * a phone told to trust that certificate would.
 */
final class TlsPeer implements AutoCloseable {
    private final SSLSocket socket;
    private final InputStream in;
    private final OutputStream out;

    private TlsPeer(SSLSocket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    static TlsPeer connect(Path trusted, String password, int port) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream file = Files.newInputStream(trusted)) {
            store.load(file, password.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name 127.0.0.1
        socket.setSSLParameters(parameters);
        socket.setSoTimeout(5000);
        socket.startHandshake();
        return new TlsPeer(socket);
    }

    int localPort() {
        return socket.getLocalPort();
    }

    String protocol() {
        return socket.getSession().getProtocol();
    }

    void send(Request request) throws IOException {
        out.write(request.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Sends {@code request} and reads responses up to the first final one. */
    Response exchange(Request request) throws Exception {
        send(request);
        while (true) {
            Response response = read();
            if (response.getStatusCode() >= 200) {
                return response;
            }
        }
    }

    /** The next message on the connection, which must be a response. */
    Response read() throws Exception {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            byte[] sofar = head.toByteArray();
            int n = sofar.length;
            if (n >= 4 && sofar[n - 4] == '\r' && sofar[n - 3] == '\n' && sofar[n - 2] == '\r' && sofar[n - 1] == '\n') {
                break;
            }
        }
        String text = head.toString(StandardCharsets.UTF_8);
        int length = 0;
        for (String line : List.of(text.split("\r\n"))) {
            String lower = line.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("content-length:") || lower.startsWith("l:")) {
                length = Integer.parseInt(line.substring(line.indexOf(':') + 1).strip());
            }
        }
        byte[] body = in.readNBytes(length);
        return ((MessageFactoryImpl) SipFactories.messages()).createResponse(text + new String(body, StandardCharsets.UTF_8));
    }

    /** Whether the server closes the connection (end of stream, reset or TLS alert) within {@code millis}. */
    boolean closedWithin(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            return in.read() < 0;
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        } catch (java.net.SocketException | javax.net.ssl.SSLException closed) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
