package org.openipma.b2bua.sip.subscribe;

import java.util.ArrayList;
import java.util.List;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.header.Header;
import javax.sip.message.Response;
import org.openipma.b2bua.sip.Responses;
import org.openipma.b2bua.sip.SipContext;

/**
 * The final answer that ends a SUBSCRIBE or NOTIFY a stage would not let through: the status, a reason phrase
 * that says why, and any headers it needs (a digest challenge, Allow-Events).
 */
record Refusal(int status, String reason, List<Header> headers) {

    Refusal {
        headers = List.copyOf(headers);
    }

    static Refusal of(int status, String reason) {
        return new Refusal(status, reason, List.of());
    }

    /** {@code 489 Bad Event} with {@code Allow-Events} naming {@code served} (RFC 6665 §8.3.1). */
    static Refusal badEvent(EventPackage... served) {
        return new Refusal(Response.BAD_EVENT, "Bad Event", List.copyOf(EventPackage.allowEvents(served)));
    }

    /** This refusal with {@code header} added. */
    Refusal with(Header header) {
        List<Header> more = new ArrayList<>(headers);
        more.add(header);
        return new Refusal(status, reason, more);
    }

    /** Answers the request of {@code transaction} with this refusal. */
    void send(SipContext sip, ServerTransaction transaction) throws SipException {
        Response response = Responses.create(transaction.getRequest(), status, reason);
        headers.forEach(response::addHeader);
        Notifier.send(sip, transaction, response);
    }
}
