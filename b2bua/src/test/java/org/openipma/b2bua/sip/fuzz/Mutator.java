package org.openipma.b2bua.sip.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Mutates well-formed SIP requests into the kinds of damage a fuzzer or a broken client produces, from a seeded
 * {@link Random} so that a failure names the seed that reproduces it. Each call applies one to three of:
 * flipped bits, random bytes inserted or overwritten, a range deleted or duplicated, the message cut short,
 * line ends changed (LF alone, CR alone), a header line repeated many times, a header value replaced by an
 * extreme (empty, huge number, negative, 8-bit or control characters, 10,000 characters), a wrong
 * Content-Length, the Request-Line or the Via mangled.
 */
final class Mutator {
    private static final String[] EXTREMES = {"", "-1", "4294967296", "99999999999999999999", "0", "\u0000",
            "\u00ff\u00fe", "\t \t", ";;;;", "<>", "sip:", "\"unterminated", "a".repeat(10_000), "%00%ff", "[::1",
            "SIP/2.0/UDP", "z9hG4bK", "1 INVITE", "INVITE 1", "\r\n \r\n"};

    private final Random random;

    Mutator(long seed) {
        this.random = new Random(seed);
    }

    /** {@code message} with one to three mutations. */
    byte[] mutate(String message) {
        byte[] bytes = message.getBytes(StandardCharsets.ISO_8859_1);
        int rounds = 1 + random.nextInt(3);
        for (int i = 0; i < rounds; i++) {
            bytes = once(bytes);
        }
        return bytes;
    }

    private byte[] once(byte[] bytes) {
        if (bytes.length == 0) {
            return "\r\n".getBytes(StandardCharsets.ISO_8859_1);
        }
        switch (random.nextInt(10)) {
            case 0: {
                byte[] copy = bytes.clone();
                for (int i = 0, n = 1 + random.nextInt(8); i < n; i++) {
                    copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
                }
                return copy;
            }
            case 1: {
                byte[] noise = new byte[1 + random.nextInt(32)];
                random.nextBytes(noise);
                return splice(bytes, random.nextInt(bytes.length), 0, noise);
            }
            case 2: {
                int from = random.nextInt(bytes.length);
                return splice(bytes, from, Math.min(bytes.length - from, 1 + random.nextInt(64)), new byte[0]);
            }
            case 3: {
                int from = random.nextInt(bytes.length);
                byte[] piece = Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + 1 + random.nextInt(200)));
                return splice(bytes, from, 0, piece);
            }
            case 4:
                return Arrays.copyOf(bytes, random.nextInt(bytes.length));
            case 5: {
                String text = new String(bytes, StandardCharsets.ISO_8859_1);
                return (random.nextBoolean() ? text.replace("\r\n", "\n") : text.replace("\r\n", "\r"))
                        .getBytes(StandardCharsets.ISO_8859_1);
            }
            default:
                return lines(bytes);
        }
    }

    /** Mutations that work on header lines. */
    private byte[] lines(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        String head = end < 0 ? text : text.substring(0, end);
        String body = end < 0 ? "" : text.substring(end);
        List<String> lines = new ArrayList<>(List.of(head.split("\r\n", -1)));
        int at = random.nextInt(lines.size());
        String line = lines.get(at);
        int colon = line.indexOf(':');
        switch (random.nextInt(4)) {
            case 0:
                for (int i = 0, n = 2 + random.nextInt(200); i < n; i++) {
                    lines.add(at, line);
                }
                break;
            case 1:
                if (colon > 0) {
                    lines.set(at, line.substring(0, colon + 1) + " " + EXTREMES[random.nextInt(EXTREMES.length)]);
                } else {
                    lines.set(at, EXTREMES[random.nextInt(EXTREMES.length)] + " " + line);
                }
                break;
            case 2:
                lines.add(1 + random.nextInt(lines.size()), "Content-Length: "
                        + EXTREMES[random.nextInt(EXTREMES.length)]);
                break;
            default:
                lines.set(0, lines.get(0).replace(" ", random.nextBoolean() ? "  " : ""));
                break;
        }
        return (String.join("\r\n", lines) + body).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] splice(byte[] bytes, int at, int remove, byte[] insert) {
        byte[] result = new byte[bytes.length - remove + insert.length];
        System.arraycopy(bytes, 0, result, 0, at);
        System.arraycopy(insert, 0, result, at, insert.length);
        System.arraycopy(bytes, at + remove, result, at + insert.length, bytes.length - at - remove);
        return result;
    }
}
