package org.openipma.b2bua.sip.testing;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * SIP written byte by byte on raw sockets to a server on 127.0.0.1, for messages no SIP stack would send.
 * Text is ISO-8859-1 both ways, so every byte, NULs and 8-bit ones included, goes out and comes back as sent.
 *
 * @param port the server's port, UDP and TCP
 * @param waitMillis how long a read waits for an answer before deciding there is none
 */
public record RawSip(int port, int waitMillis) {

    /**
     * A well-formed OPTIONS to the server from {@code 127.0.0.1:localPort} over {@code transport} ("UDP",
     * "TCP"); {@code id} makes its branch, From tag and Call-ID unique.
     */
    public String options(String transport, int localPort, String id) {
        return "OPTIONS sip:127.0.0.1:" + port + " SIP/2.0\r\n"
                + "Via: SIP/2.0/" + transport + " 127.0.0.1:" + localPort + ";branch=z9hG4bK" + id + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:probe@127.0.0.1>;tag=probe" + id + "\r\n"
                + "To: <sip:127.0.0.1:" + port + ">\r\n"
                + "Call-ID: " + id + "@127.0.0.1\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Content-Length: 0\r\n"
                + "\r\n";
    }

    /** A UDP socket on 127.0.0.1 (port 0: the kernel's choice) whose reads wait {@link #waitMillis}. */
    public DatagramSocket udpSocket() throws IOException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setSoTimeout(waitMillis);
        return socket;
    }

    public void send(DatagramSocket socket, String message) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.ISO_8859_1);
        socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
    }

    /** The next datagram, or null if none came within {@link #waitMillis}. */
    public String receive(DatagramSocket socket) throws IOException {
        byte[] buffer = new byte[65_535];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException nothing) {
            return null;
        }
        return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.ISO_8859_1);
    }

    /** A TCP connection to the server whose reads wait {@link #waitMillis}. */
    public Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), waitMillis);
        socket.setSoTimeout(waitMillis);
        return socket;
    }

    public static void write(Socket socket, String message) throws IOException {
        socket.getOutputStream().write(message.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /**
     * The head of the next response on the connection, or null if none came before a timeout or close (a
     * reset counts as a close).
     */
    public static String readResponse(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        try {
            int b;
            while ((b = in.read()) >= 0) {
                head.append((char) b);
                if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                    return head.toString();
                }
            }
        } catch (SocketTimeoutException nothing) {
            // fall through
        } catch (java.net.SocketException reset) {
            // closed by the server: no answer
        }
        return head.length() == 0 ? null : head.toString();
    }

    /** The status code of a response, or null for no response. */
    public static String status(String answer) {
        if (answer == null) {
            return null;
        }
        String statusLine = answer.lines().findFirst().orElse("");
        String[] parts = statusLine.split(" ", 3);
        return parts.length >= 2 ? parts[1] : statusLine;
    }

    /** Asserts that {@code answer} is a response with status {@code expected} and a reason phrase. */
    public static void assertStatus(String expected, String answer, String what) {
        assertNotNull(answer, "no answer to " + what);
        String statusLine = answer.lines().findFirst().orElse("");
        assertTrue(statusLine.startsWith("SIP/2.0 " + expected + " "),
                () -> what + ": expected " + expected + ", got " + statusLine);
        assertTrue(statusLine.length() > ("SIP/2.0 " + expected + " ").length(),
                () -> what + ": the status line has no reason phrase: " + statusLine);
    }
}
