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
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.sip.InvalidArgumentException;

/**
 * The stack's message parser, made strict about requests (property
 * {@code gov.nist.javax.sip.MESSAGE_PARSER_FACTORY}), so that malformed requests are answered instead of
 * dropped.
 *
 * <p>Why: JAIN-SIP RI 1.3.0-91 silently drops a request without From, To, Call-ID or CSeq, skips a
 * Max-Forwards it cannot parse, keeps one of two Content-Length (or From, To, Call-ID, CSeq, Max-Forwards)
 * headers, and tolerates several spaces between the parts of the Request-Line. It does answer a request
 * whose <em>parse</em> fails with {@code 400 Bad Request (<parser message>)}, built from the raw text, but
 * over UDP only. This parser turns a missing header or a Max-Forwards or CSeq that does not parse into a
 * parse failure naming what is wrong, so the phone learns it, e.g. {@code 400 Bad Request (missing
 * Call-ID)}. A request that parsed whole but breaks a rule (a repeated header, a badly spaced Request-Line;
 * RFC 4475 §3.1.2.9, §3.3.8, §3.3.9) is delivered instead, carrying its {@link Defect} as application data,
 * and refused 400 by the listener ({@code RequestChecks}) over UDP and TCP alike.
 *
 * <p>Two defects are not parse failures, because their answer is not 400. A version other than SIP/2.0 is
 * written into the Request-Line (the RI's parser leaves SIP/2.0 there whatever the message said), where the
 * RI finds it and answers {@code 505 Bad version SIP/7.0} itself, on UDP and TCP alike (RFC 3261 §21.5.6, RFC
 * 4475 §3.1.2.16). A missing Max-Forwards is taken as 70, as a proxy does (RFC 3261 §16.6 step 3), so that an
 * RFC 2543 request reaches the listener (RFC 4475 §3.4.1) instead of being dropped by the RI. A version that
 * is not even {@code SIP/<digits>.<digits>} still fails the parse.
 *
 * <p>Over TCP the RI answers no failed parse: it logs and drops the message, keeping the connection
 * (PipelinedMsgParser), and a message channel cannot send before it has processed a first message (its
 * peer protocol is unset). Malformed requests on TCP are therefore dropped, as they always were; the
 * connection and the server go on serving. A request without a Via cannot be answered and
 * stays dropped (RFC 3261 §18.2.2: responses go where the top Via says).
 *
 * <p>Requests are built as {@link TransactionKeyedRequest}s, so that server transactions are matched on branch,
 * sent-by and method (RFC 3261 §17.2.3) rather than on the branch alone.
 *
 * <p>Responses are left to the default rules: a malformed response is dropped, as RFC 3261 §18.1.2 asks.
 */
public final class StrictMessageParserFactory implements MessageParserFactory {
    @Override
    public MessageParser createMessageParser(SIPTransactionStack stack) {
        // StringMsgParser keeps no state between messages beyond its configuration.
        return new StrictMessageParser(new KeyingParser());
    }

    /** The RI's parser, building each request as a {@link TransactionKeyedRequest}. */
    static final class KeyingParser extends StringMsgParser {
        @Override
        protected SIPMessage processFirstLine(String firstLine, ParseExceptionListener listener, byte[] message)
                throws ParseException {
            SIPMessage parsed = super.processFirstLine(firstLine, listener, message);
            if (!(parsed instanceof SIPRequest request) || parsed instanceof TransactionKeyedRequest) {
                return parsed;
            }
            TransactionKeyedRequest keyed = new TransactionKeyedRequest();
            if (request.getRequestLine() != null) {
                keyed.setRequestLine(request.getRequestLine());
            }
            return keyed;
        }
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
            try {
                SIPMessage parsed = parser.parseSIPMessage(message, readBody, strict, new FatalHeaders(listener));
                if (parsed instanceof SIPRequest request) {
                    check(request, message);
                }
                return parsed;
            } catch (ParseException e) {
                throw new ParseException(reasonText(e.getMessage()), e.getErrorOffset());
            }
        }

        /**
         * {@code message} fit for a reason phrase, which the RI builds from it ({@code 400 Bad Request (<message>)}):
         * one line of printable ASCII, at most {@value #MAX_REASON} characters. The RI's messages carry the
         * offending header text (folded lines, bare LFs, whatever bytes the peer sent) and sometimes a Java array's
         * identity ({@code [C@49ed66c6}); either made the 400 itself unparsable.
         */
        static String reasonText(String message) {
            if (message == null || message.isBlank()) {
                return "unparsable request";
            }
            String text = ARRAY_IDENTITY.matcher(message).replaceAll("?")
                    .replaceAll("[^\\x20-\\x7e]+", " ").replaceAll(" {2,}", " ").strip();
            // Parentheses would end the RI's "(<message>)" early; a reason phrase may hold them, but one line is enough.
            text = text.replace('(', '[').replace(')', ']');
            return text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON - 3) + "...";
        }

        /**
         * Attaches a {@link Defect} to {@code request} for a Request-Line not made of three parts separated
         * by single spaces (RFC 3261 §7.1; trailing whitespace is tolerated, as RFC 4475 §3.1.2.10 allows) or
         * a second header of a kind a request carries once (§7.3.1).
         *
         * @throws ParseException naming a missing mandatory header (RFC 3261 §8.1.1) or a version that is not
         *     {@code SIP/<n>.<n>}
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
            String text = new String(raw, StandardCharsets.ISO_8859_1).stripLeading();
            int lineEnd = text.indexOf('\n');
            String line = (lineEnd < 0 ? text : text.substring(0, lineEnd)).stripTrailing();
            String[] parts = line.split(" ", -1);
            String version = parts[parts.length - 1];
            if (!VERSION.matcher(version).matches()) {
                throw new ParseException("SIP-Version is not SIP/<major>.<minor> (expected: SIP/2.0)", 0);
            }
            // The RI answers 505 to another version, once its Request-Line says so.
            request.getRequestLine().setSipVersion(version.toUpperCase(Locale.ROOT));
            String repeated = repeatedSingleHeader(text);
            if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
                request.setApplicationData(new Defect("Request-Line parts not separated by single spaces "
                        + "(expected: method SP Request-URI SP SIP/2.0)"));
            } else if (repeated != null) {
                request.setApplicationData(new Defect("more than one " + repeated + " header (expected: one)"));
            }
            if (request.getHeader(MaxForwards.NAME) == null) {
                request.setHeader(assumedMaxForwards());
            }
        }

        private static MaxForwards assumedMaxForwards() {
            try {
                return new MaxForwards(DEFAULT_MAX_FORWARDS);
            } catch (InvalidArgumentException e) {
                throw new IllegalStateException("Max-Forwards " + DEFAULT_MAX_FORWARDS + " (expected: 0-255)", e);
            }
        }

        /**
         * The first header of {@link #SINGLE} the header section carries twice, under its full name, or null.
         * Continuation lines (starting with SP or HT) belong to the header before them.
         */
        private static String repeatedSingleHeader(String text) {
            int headersEnd = text.indexOf("\r\n\r\n");
            String headers = headersEnd < 0 ? text : text.substring(0, headersEnd);
            Map<String, Integer> seen = new TreeMap<>();
            String[] lines = headers.split("\r?\n");
            for (int i = 1; i < lines.length; i++) {
                String headerLine = lines[i];
                int colon = headerLine.indexOf(':');
                if (headerLine.isEmpty() || headerLine.charAt(0) == ' ' || headerLine.charAt(0) == '\t' || colon < 0) {
                    continue;
                }
                String name = SINGLE.get(headerLine.substring(0, colon).strip().toLowerCase(Locale.ROOT));
                if (name != null && seen.merge(name, 1, Integer::sum) > 1) {
                    return name;
                }
            }
            return null;
        }
    }

    /**
     * What is wrong with a request that parsed whole, attached as its application data: a reason phrase
     * without anything the peer sent, e.g. {@code more than one Content-Length header (expected: one)}.
     */
    public record Defect(String reason) {
        /** The defect the parser found in {@code request}, or null. */
        public static Defect of(javax.sip.message.Request request) {
            return request instanceof SIPMessage message && message.getApplicationData() instanceof Defect defect
                    ? defect : null;
        }
    }

    /** What a request without Max-Forwards is taken to carry (RFC 3261 §8.1.1.6, §16.6 step 3). */
    static final int DEFAULT_MAX_FORWARDS = 70;

    private static final Pattern VERSION = Pattern.compile("(?i)SIP/[0-9]+\\.[0-9]+");
    private static final Pattern ARRAY_IDENTITY = Pattern.compile("\\[[A-Z]@[0-9a-f]+");
    /** The longest parse message kept in a reason phrase. */
    static final int MAX_REASON = 100;

    /**
     * Headers a request carries at most once (RFC 3261 §7.3.1: only comma-separated list headers may repeat),
     * by lower-case name and compact form (§7.3.3), to their full name.
     */
    private static final Map<String, String> SINGLE = Map.of(
            "content-length", "Content-Length", "l", "Content-Length",
            "call-id", "Call-ID", "i", "Call-ID",
            "from", "From", "f", "From",
            "to", "To", "t", "To",
            "cseq", "CSeq",
            "max-forwards", "Max-Forwards");

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
                try {
                    stackPolicy.handleException(e, message, headerClass, header, rawMessage);
                } catch (RuntimeException stackBug) {
                    // JAIN-SIP RI 1.3.0-91's TCP channel closes its socket here without checking that it still has
                    // one (NullPointerException once the connection is gone), which ended the connection's parser
                    // thread with a stack trace on stderr. The message is bad either way: refuse it.
                    throw new ParseException("bad " + (header == null ? "message" : header.strip()), e.getErrorOffset());
                }
            }
        }
    }
}
