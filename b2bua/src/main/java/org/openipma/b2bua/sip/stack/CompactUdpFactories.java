package org.openipma.b2bua.sip.stack;

import gov.nist.javax.sip.stack.CompactUdpMessageProcessor;
import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.NioMessageProcessorFactory;
import gov.nist.javax.sip.stack.OIOMessageProcessorFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.IOException;
import java.net.InetAddress;

/**
 * The RI's message-processor factories with UDP served by {@link CompactUdpMessageProcessor} (one reused
 * receive buffer instead of a new 64 KB one per datagram); TCP and TLS as the RI's factory of each kind serves
 * them. Named in {@code gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY}, which the RI instantiates by reflection.
 */
public final class CompactUdpFactories {
    private CompactUdpFactories() {
    }

    static MessageProcessor udp(SIPTransactionStack stack, InetAddress address, int port) throws IOException {
        return new CompactUdpMessageProcessor(address, stack, port);
    }

    /** Blocking TCP (a thread per connection), compact UDP. */
    public static final class Blocking extends OIOMessageProcessorFactory {
        @Override
        public MessageProcessor createMessageProcessor(SIPTransactionStack stack, InetAddress address, int port,
                                                       String transport) throws IOException {
            return "udp".equalsIgnoreCase(transport) ? udp(stack, address, port)
                    : super.createMessageProcessor(stack, address, port, transport);
        }
    }

    /** NIO TCP (selector threads), compact UDP. */
    public static final class Nio extends NioMessageProcessorFactory {
        @Override
        public MessageProcessor createMessageProcessor(SIPTransactionStack stack, InetAddress address, int port,
                                                       String transport) throws IOException {
            return "udp".equalsIgnoreCase(transport) ? udp(stack, address, port)
                    : super.createMessageProcessor(stack, address, port, transport);
        }
    }
}
