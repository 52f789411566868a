package org.openipma.b2bua.sipp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The SIP messages one SIPp instance received, read from its {@code -trace_msg} file. SIPp 3.6 writes each
 * message after a dashed separator line and a "UDP message received [n] bytes :" or "... sent ..." line.
 */
public final class SippTrace {
    private static final String SEPARATOR = "-----------------------------------------------";

    private final List<Message> received;

    private SippTrace(List<Message> received) {
        this.received = received;
    }

    /** One received SIP message: its start line and its text. */
    public record Message(String startLine, String text) {
        /** Whether this is a request of {@code method}. */
        public boolean isRequest(String method) {
            return startLine.startsWith(method + " ");
        }

        /** The values of every header called {@code name} (case-insensitive, compact forms not expanded). */
        public List<String> headers(String name) {
            List<String> values = new ArrayList<>();
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            for (String line : text.split("\r?\n")) {
                if (line.isEmpty()) {
                    break;
                }
                if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                    values.add(line.substring(prefix.length()).trim());
                }
            }
            return values;
        }
    }

    /** Reads a trace; a file SIPp never wrote reads as no messages. */
    public static SippTrace read(Path file) {
        if (!Files.exists(file)) {
            return new SippTrace(List.of());
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the SIPp trace " + file, e);
        }
        List<Message> received = new ArrayList<>();
        for (String block : text.split(SEPARATOR + "[^\n]*\n")) {
            int headerEnd = block.indexOf('\n');
            if (headerEnd < 0 || !block.substring(0, headerEnd).contains("message received")) {
                continue;
            }
            String message = block.substring(headerEnd + 1).stripLeading();
            int startEnd = message.indexOf('\n');
            if (startEnd > 0) {
                received.add(new Message(message.substring(0, startEnd).trim(), message));
            }
        }
        return new SippTrace(List.copyOf(received));
    }

    /** Every message received, in order. */
    public List<Message> received() {
        return received;
    }

    /** The first {@code method} request received. */
    public Optional<Message> firstRequest(String method) {
        return received.stream().filter(message -> message.isRequest(method)).findFirst();
    }
}
