package org.openipma.b2bua.sip.call;

import java.nio.charset.StandardCharsets;

/**
 * Whether an SDP offer puts a call on hold, the two ways phones say it: a direction attribute {@code sendonly}
 * or {@code inactive} (RFC 3264 §8.4, at session or media level), or the RFC 2543 connection address
 * {@code 0.0.0.0}. Only read for the console's "held" state: a body that is not SDP is simply not a hold.
 */
final class SdpHold {
    private SdpHold() {
    }

    static boolean isHold(byte[] body) {
        for (String line : new String(body, StandardCharsets.UTF_8).split("\r?\n")) {
            String trimmed = line.trim();
            if (trimmed.equals("a=sendonly") || trimmed.equals("a=inactive")
                    || (trimmed.startsWith("c=") && trimmed.endsWith(" 0.0.0.0"))) {
                return true;
            }
        }
        return false;
    }
}
