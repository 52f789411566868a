package org.openipma.b2bua.sip.call;

import java.util.ArrayList;
import java.util.List;
import javax.sip.header.Header;

/**
 * A final answer a stage of the INVITE path gives instead of letting the call go on: the status, a reason
 * phrase that says why, and any headers the answer needs (a digest challenge, Retry-After, a 302's Contact).
 * Stages return it; {@link CallResponses} alone turns it into a response.
 */
record Answer(int status, String reason, List<Header> headers) {

    Answer {
        headers = List.copyOf(headers);
    }

    static Answer of(int status, String reason) {
        return new Answer(status, reason, List.of());
    }

    /** This answer with {@code header} added. */
    Answer with(Header header) {
        List<Header> more = new ArrayList<>(headers);
        more.add(header);
        return new Answer(status, reason, more);
    }
}
