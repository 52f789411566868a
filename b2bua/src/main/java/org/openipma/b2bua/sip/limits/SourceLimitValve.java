package org.openipma.b2bua.sip.limits;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.header.RetryAfter;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.stack.CompactUdpMessageProcessor;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import javax.sip.InvalidArgumentException;
import javax.sip.SipStack;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.openipma.b2bua.sip.PacketSource;
import org.openipma.b2bua.sip.stack.QueueDelay;
import org.openipma.b2bua.sip.stack.ReplyAddress;
import org.openipma.routing.AddressRange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-source flood protection where requests enter the stack: a JAIN-SIP message valve (property
 * {@code gov.nist.javax.sip.SIP_MESSAGE_VALVE}), which the RI calls for every request after parsing and before
 * it looks up or creates a transaction ({@code SIPTransactionStack.newSIPServerRequest}). A request over its
 * source's budget ({@link SourceRateLimiter}) costs its parse and one map lookup: no transaction, no dialog
 * lookup, no listener thread, no authentication.
 *
 * <p>Why a valve rather than a filter in front of the stack: the valve is the RI's supported hook, it sees the
 * packet's source for UDP and TCP alike, and it needs no patched RI class. What it cannot save is the parse
 * (tens of microseconds a request); refusing before the parse would mean replacing the RI's UDP and TCP
 * readers. Measured in {@code SourceFloodTest}: that is cheap enough for a second address to stay served.
 *
 * <p>Over budget: the first request of a second from that address gets {@code 503 Service Unavailable (too
 * many requests from this address)} with {@code Retry-After: 5}, sent statelessly to the packet's source (an
 * ACK gets nothing), and one line on logger {@code org.openipma.security}:
 * <pre>
 * security: flood src=198.51.100.7:5060/udp method=INVITE limit=500/s burst=1000 dropped=1234
 * </pre>
 * ({@code dropped}: requests dropped silently since the previous line for that address); every other request
 * over budget is dropped silently. The lines themselves are limited to 20 a second over all addresses
 * ({@code suppressed=N} on the next line written).
 *
 * <p>Trusted sources ({@code sip.trustedSources}, loopback by default: a proxy in front, the operator's load
 * generator, and in the lab every phone) are not counted while the server keeps up. While it is overloaded
 * ({@link QueueDelay}: received messages wait too long for a thread), their requests that start something
 * (out of dialog: no To tag; not ACK or CANCEL) are counted too, so that one sender flooding from a trusted
 * address cannot starve the others: it gets its budget, and the rest of the capacity goes to everyone else.
 * Requests within dialogs are never refused for a trusted source, so calls in progress can always end.
 *
 * <p>Being the RI's one hook between the parse and the transaction, the valve also pins where answers to each
 * request may go ({@link ReplyAddress}), over budget or not.
 *
 * <p>The RI instantiates the valve itself, by class name, so its settings come through the stack's
 * properties ({@link #configure}).
 */
public final class SourceLimitValve implements SIPMessageValve {
    static final String RATE = "org.openipma.sip.REQUESTS_PER_SECOND";
    static final String BURST = "org.openipma.sip.REQUEST_BURST";
    static final String TRUSTED = "org.openipma.sip.TRUSTED_SOURCES";
    static final String MAX_SOURCES = "org.openipma.sip.MAX_SOURCES";
    /** Seconds a refused sender is asked to wait. */
    static final int RETRY_AFTER_SECONDS = 5;

    private static final Logger security = LoggerFactory.getLogger("org.openipma.security");

    private volatile SourceRateLimiter limiter;
    private volatile SipStack stack;
    /** The stack's measured latency, found once its UDP listening point exists. */
    private volatile QueueDelay queueDelay;
    private final LogBudget logLines = new LogBudget();

    /** Sets the stack properties that install this valve with {@code settings}. */
    public static void configure(Properties properties, SourceRateLimiter.Settings settings) {
        properties.setProperty("gov.nist.javax.sip.SIP_MESSAGE_VALVE", SourceLimitValve.class.getName());
        properties.setProperty(RATE, Integer.toString(settings.requestsPerSecond()));
        properties.setProperty(BURST, Integer.toString(settings.burst()));
        properties.setProperty(MAX_SOURCES, Integer.toString(settings.maxSources()));
        List<String> ranges = new ArrayList<>();
        settings.trusted().forEach(range -> ranges.add(range.toString()));
        properties.setProperty(TRUSTED, String.join(",", ranges));
    }

    @Override
    public void init(SipStack stack) {
        this.stack = stack;
        Properties properties = ((SipStackImpl) stack).getConfigurationProperties();
        List<AddressRange> trusted = new ArrayList<>();
        for (String range : properties.getProperty(TRUSTED, "").split(",")) {
            if (!range.isBlank()) {
                trusted.add(AddressRange.parse(range.strip()));
            }
        }
        limiter = new SourceRateLimiter(new SourceRateLimiter.Settings(
                Integer.parseInt(properties.getProperty(RATE)), Integer.parseInt(properties.getProperty(BURST)),
                trusted, Integer.parseInt(properties.getProperty(MAX_SOURCES))), System::nanoTime);
    }

    @Override
    public boolean processRequest(SIPRequest request, MessageChannel channel) {
        SourceRateLimiter limits = limiter;
        InetAddress source = channel.getPeerPacketSourceAddress();
        if (source == null) {
            return true; // not from a socket
        }
        ReplyAddress.pinToSource(request, channel, source);
        if (limits == null) {
            return true; // not initialised: the RI calls init while it builds the stack, so never in practice
        }
        SourceRateLimiter.Admission admission = admission(limits, queueDelay(), source, request);
        switch (admission.verdict()) {
            case PASS:
                return true;
            case REFUSE:
                refuse(request, channel);
                log(request, channel, source, admission.droppedBefore());
                return false;
            default:
                return false;
        }
    }

    /**
     * What to do with {@code request} from {@code source}: untrusted sources are always counted; trusted ones
     * only for requests that start something while {@code load} says the server is overloaded.
     */
    static SourceRateLimiter.Admission admission(SourceRateLimiter limits, QueueDelay load, InetAddress source,
                                                 SIPRequest request) {
        if (!limits.isTrusted(source)) {
            return limits.admit(source);
        }
        if (load.overloaded() && startsSomething(request)) {
            return limits.admitCounted(source);
        }
        return SourceRateLimiter.Admission.PASS;
    }

    private static boolean startsSomething(SIPRequest request) {
        String method = request.getMethod();
        return request.getToTag() == null && !method.equals(Request.ACK) && !method.equals(Request.CANCEL);
    }

    private QueueDelay queueDelay() {
        QueueDelay known = queueDelay;
        if (known == null && stack instanceof SIPTransactionStack transactions) {
            known = CompactUdpMessageProcessor.queueDelayOf(transactions).orElse(null);
            queueDelay = known;
        }
        return known != null ? known : QueueDelay.NONE;
    }

    private static void refuse(SIPRequest request, MessageChannel channel) {
        if (request.getMethod().equals(Request.ACK)) {
            return;
        }
        SIPResponse response = request.createResponse(Response.SERVICE_UNAVAILABLE,
                "Service Unavailable (too many requests from this address)");
        try {
            RetryAfter retryAfter = new RetryAfter();
            retryAfter.setRetryAfter(RETRY_AFTER_SECONDS);
            response.setHeader(retryAfter);
            if (response.getToTag() == null) {
                response.setToTag(Long.toHexString(ThreadLocalRandom.current().nextLong()));
            }
            channel.sendMessage(response);
        } catch (IOException | InvalidArgumentException e) {
            // The sender may be gone or forged; the refusal is a courtesy.
            security.debug("503 to {} not sent: {}", source(channel), e.toString());
        }
    }

    private void log(SIPRequest request, MessageChannel channel, InetAddress address, long dropped) {
        long suppressedBefore = logLines.take();
        if (suppressedBefore < 0) {
            return;
        }
        SourceRateLimiter.Settings settings = limiter.settings();
        security.warn("security: flood src={} method={} limit={}/s burst={} dropped={}{}",
                new PacketSource(address, channel.getPeerPacketSourcePort(), transport(channel)), request.getMethod(),
                settings.requestsPerSecond(), settings.burst(), dropped,
                suppressedBefore == 0 ? "" : " suppressed=" + suppressedBefore);
    }

    private static String source(MessageChannel channel) {
        return channel.getPeerPacketSourceAddress() + ":" + channel.getPeerPacketSourcePort();
    }

    private static String transport(MessageChannel channel) {
        return channel.getTransport().toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean processResponse(Response response, MessageChannel channel) {
        return true;
    }

    @Override
    public void destroy() {
        // Nothing held beyond the table, which goes with the valve.
    }
}
