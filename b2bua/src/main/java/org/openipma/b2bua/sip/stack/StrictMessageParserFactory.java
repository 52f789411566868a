package org.openipma.b2bua.sip.stack;

import gov.nist.javax.sip.header.CSeq;
import gov.nist.javax.sip.header.MaxForwards;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.MessageParserFactory;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.parser.StringMsgParser;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;

/**
 * The stack's message parser, made strict about requests (property
 * {@code gov.nist.javax.sip.MESSAGE_PARSER_FACTORY}), so that malformed requests are answered instead of
 * dropped.
 *
 * <p>Why: JAIN-SIP RI 1.3.0-91 silently drops a request without From, To, Call-ID or CSeq, skips a
 * Max-Forwards it cannot parse, and accepts any SIP version. It does answer a request whose
 * <em>parse</em> fails with {@code 400 Bad Request (<parser message>)}, built from the raw text. This
 * parser turns each of those cases into a parse failure naming what is wrong, so the phone learns it, e.g.
 * {@code 400 Bad Request (missing Call-ID)}.
 *
 * <p>Over TCP the RI answers no failed parse: it logs and drops the message, keeping the connection
 * (PipelinedMsgParser), and a message channel cannot send before it has processed a first message (its
 * peer protocol is unset). Malformed requests on TCP are therefore dropped, as they always were; the
 * connection and the server go on serving. A request without a Via cannot be answered and
 * stays dropped (RFC 3261 §18.2.2: responses go where the top Via says).
 *
 * <p>Responses are left to the default rules: a malformed response is dropped, as RFC 3261 §18.1.2 asks.
 */
public final class StrictMessageParserFactory implements MessageParserFactory {
    @Override
    public MessageParser createMessageParser(SIPTransactionStack stack) {
        // StringMsgParser keeps no state between messages beyond its configuration.
        return new StrictMessageParser(new StringMsgParser());
    }

    /** Parses with the RI's parser, then applies the checks above to requests. */
    static final class StrictMessageParser implements MessageParser {
        private final StringMsgParser parser;

        StrictMessageParser(StringMsgParser parser) {
            this.parser = parser;
        }

        @Override
        public SIPMessage parseSIPMessage(byte[] message, boolean readBody, boolean strict,
                                          ParseExceptionListener listener) throws ParseException {
            SIPMessage parsed = parser.parseSIPMessage(message, readBody, strict, new FatalHeaders(listener));
            if (parsed instanceof SIPRequest request) {
                check(request, message);
            }
            return parsed;
        }

        /**
         * @throws ParseException naming the first defect: a missing mandatory header (RFC 3261 §8.1.1), a
         *     version other than SIP/2.0 (answered 400 rather than 505: the RI builds the answer)
         */
        static void check(SIPRequest request, byte[] raw) throws ParseException {
            if (request.getTopmostVia() == null) {
                return; // nowhere to answer: the RI drops it
            }
            for (String header : new String[] {"From", "To", "Call-ID", "CSeq"}) {
                if (request.getHeader(header) == null) {
                    throw new ParseException("missing " + header, 0);
                }
            }
            String version = requestLineVersion(raw);
            if (!"SIP/2.0".equalsIgnoreCase(version)) {
                throw new ParseException("SIP version " + version + " is not supported (expected: SIP/2.0)", 0);
            }
        }

        /** The last word of the first line (the RI's parser does not keep it). */
        private static String requestLineVersion(byte[] raw) {
            String text = new String(raw, 0, Math.min(raw.length, 2048), StandardCharsets.ISO_8859_1).stripLeading();
            int end = text.indexOf('\n');
            String line = (end < 0 ? text : text.substring(0, end)).strip();
            return line.substring(line.lastIndexOf(' ') + 1);
        }
    }

    /**
     * The stack's parse-exception policy, plus: a Max-Forwards or CSeq header that does not parse fails the
     * whole request (the RI would skip the header and go on without loop protection).
     */
    private record FatalHeaders(ParseExceptionListener stackPolicy) implements ParseExceptionListener {
        @SuppressWarnings("rawtypes") // the RI's interface declares a raw Class
        @Override
        public void handleException(ParseException e, SIPMessage message, Class headerClass, String header,
                                    String rawMessage) throws ParseException {
            if (headerClass == MaxForwards.class || headerClass == CSeq.class) {
                // The header text ends with CRLF, and the message becomes a reason phrase: one line.
                throw new ParseException("bad " + header.strip(), e.getErrorOffset());
            }
            if (stackPolicy != null) {
                stackPolicy.handleException(e, message, headerClass, header, rawMessage);
            }
        }
    }
}
