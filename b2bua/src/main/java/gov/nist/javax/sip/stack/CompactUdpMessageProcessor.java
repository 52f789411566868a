package gov.nist.javax.sip.stack;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.LinkedList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RI's UDP listener with one change: it receives every datagram into one reused buffer and queues a copy
 * of exactly the datagram's length, where {@link UDPMessageProcessor#run()} allocates a new buffer of the
 * largest datagram size (64 KB) for every packet and queues that.
 *
 * <p>Why a class in the RI's package: the listener loop is {@code UDPMessageProcessor.run()}, which only a
 * subclass can replace, and the message channels it starts have constructors only the RI's package can call.
 * Why it matters: a call through the B2BUA is about 14 datagrams, so the RI allocated about 900 KB per call —
 * at 300 calls/s, 19 of the 31 GB a 90 s flight recording sampled, and a young collection every half second
 * (docs/benchmarks.md). The copy is what the RI's channel makes anyway ({@code processIncomingDataPacket}
 * copies {@code packet.getLength()} bytes), so nothing downstream changes.
 *
 * <p>Works only with a message-channel pool ({@code gov.nist.javax.sip.THREAD_POOL_SIZE} set, as
 * {@code SipStackFactory} always does): the packet is queued for the pool's threads.
 */
public class CompactUdpMessageProcessor extends UDPMessageProcessor {
    private static final Logger log = LoggerFactory.getLogger(CompactUdpMessageProcessor.class);

    /** Listens on {@code address:port} for {@code stack}. */
    public CompactUdpMessageProcessor(InetAddress address, SIPTransactionStack stack, int port) throws IOException {
        super(address, stack, port);
        if (stack.threadPoolSize == -1) {
            throw new IllegalStateException("CompactUdpMessageProcessor needs gov.nist.javax.sip.THREAD_POOL_SIZE");
        }
        // What the RI's factories do after creating a UDP processor: send from this socket (not a new one per
        // message), so that answers sent to our source port (rport) reach us.
        stack.udpFlag = true;
    }

    /** The RI's rule: the largest UDP datagram, or the stack's maximum message size when that is smaller. */
    private int largestDatagram() {
        int largest = gov.nist.javax.sip.SipStackImpl.MAX_DATAGRAM_SIZE;
        int configured = sipStack.getMaxMessageSize();
        return configured > 0 && configured < largest ? configured : largest;
    }

    @Override
    public void run() {
        messageChannels = new LinkedList<>();
        for (int i = 0; i < sipStack.threadPoolSize; i++) {
            messageChannels.add(new UDPMessageChannel(sipStack, this,
                    ((gov.nist.javax.sip.SipStackImpl) sipStack).getStackName() + "-UDPMessageChannelThread-" + i));
        }
        byte[] buffer = new byte[largestDatagram()];
        DatagramPacket received = new DatagramPacket(buffer, buffer.length);
        while (isRunning) {
            try {
                received.setLength(buffer.length);
                sock.receive(received);
                byte[] datagram = Arrays.copyOf(buffer, received.getLength());
                DatagramPacket queued = new DatagramPacket(datagram, datagram.length, received.getAddress(),
                        received.getPort());
                messageQueue.offer(new DatagramQueuedMessageDispatch(queued, System.currentTimeMillis()));
            } catch (SocketTimeoutException e) {
                // No datagram within the socket's timeout: listen again.
            } catch (SocketException e) {
                if (!isRunning) {
                    return;
                }
                log.debug("UDP receive on {}:{} failed: {}", getIpAddress().getHostAddress(), getPort(), e.toString());
            } catch (IOException | RuntimeException e) {
                log.debug("UDP receive on {}:{} failed: {}", getIpAddress().getHostAddress(), getPort(), e.toString());
            }
        }
    }
}
