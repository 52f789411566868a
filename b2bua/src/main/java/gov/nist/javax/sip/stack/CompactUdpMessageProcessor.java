package gov.nist.javax.sip.stack;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.LinkedList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.openipma.b2bua.sip.stack.QueueDelay;
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
 * <p>It also measures how long each datagram waits in the queue for a stack thread ({@link #queueDelay()}):
 * the load signal with which new calls are refused before the server falls behind. The RI's channels read the
 * queue, not the dispatch objects' {@code run()}, so the measurement is in the queue they take from.
 *
 * <p>Works only with a message-channel pool ({@code gov.nist.javax.sip.THREAD_POOL_SIZE} set, as
 * {@code SipStackFactory} always does): the packet is queued for the pool's threads.
 */
public class CompactUdpMessageProcessor extends UDPMessageProcessor {
    private static final Logger log = LoggerFactory.getLogger(CompactUdpMessageProcessor.class);

    /** The UDP receive buffer asked of the kernel: 4 MB, about 300 ms of datagrams at 1,000 calls/s. */
    static final int RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;

    private final QueueDelay queueDelay = new QueueDelay();

    /** Listens on {@code address:port} for {@code stack}. */
    public CompactUdpMessageProcessor(InetAddress address, SIPTransactionStack stack, int port) throws IOException {
        super(address, stack, port);
        if (stack.threadPoolSize == -1) {
            throw new IllegalStateException("CompactUdpMessageProcessor needs gov.nist.javax.sip.THREAD_POOL_SIZE");
        }
        // What the RI's factories do after creating a UDP processor: send from this socket (not a new one per
        // message), so that answers sent to our source port (rport) reach us.
        stack.udpFlag = true;
        // The RI's congestion auditor (off unless STACK_CONGESTION_CONTROL_TIMEOUT is set) keeps the old queue.
        messageQueue = new TimedQueue(queueDelay);
        // The kernel's default receive buffer (net.core.rmem_default, 208 KB on Debian) holds only about a hundred
        // datagrams, since each is charged the whole buffer it arrived in: a 20 ms collection pause at 900 calls/s
        // (6,000 datagrams/s) overflowed it, and the phones retransmitted after 500 ms. The kernel caps what we ask
        // at net.core.rmem_max.
        sock.setReceiveBufferSize(RECEIVE_BUFFER_BYTES);
        if (sock.getReceiveBufferSize() < RECEIVE_BUFFER_BYTES) {
            log.info("UDP receive buffer {} bytes (asked {}; raise net.core.rmem_max to allow more)",
                    sock.getReceiveBufferSize(), RECEIVE_BUFFER_BYTES);
        }
    }

    /** The meter of {@code stack}'s compact UDP listening point, if it has one. */
    public static java.util.Optional<QueueDelay> queueDelayOf(SIPTransactionStack stack) {
        for (MessageProcessor processor : stack.getMessageProcessors()) {
            if (processor instanceof CompactUdpMessageProcessor udp) {
                return java.util.Optional.of(udp.queueDelay);
            }
        }
        return java.util.Optional.empty();
    }

    /** How long datagrams wait for a stack thread. */
    public QueueDelay queueDelay() {
        return queueDelay;
    }

    /** The channels' queue, noting each datagram's wait as a thread takes it. */
    private static final class TimedQueue extends LinkedBlockingQueue<DatagramQueuedMessageDispatch> {
        private final transient QueueDelay delay;

        TimedQueue(QueueDelay delay) {
            this.delay = delay;
        }

        @Override
        public DatagramQueuedMessageDispatch take() throws InterruptedException {
            return timed(super.take());
        }

        @Override
        public DatagramQueuedMessageDispatch poll(long timeout, TimeUnit unit) throws InterruptedException {
            return timed(super.poll(timeout, unit));
        }

        private DatagramQueuedMessageDispatch timed(DatagramQueuedMessageDispatch dispatch) {
            if (dispatch != null) {
                delay.record(System.currentTimeMillis() - dispatch.getReceptionTime());
            }
            return dispatch;
        }
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
