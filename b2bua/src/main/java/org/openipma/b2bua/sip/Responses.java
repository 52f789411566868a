package org.openipma.b2bua.sip;

import java.text.ParseException;
import java.util.concurrent.ThreadLocalRandom;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/** Building the responses a UAS sends (RFC 3261 §8.2.6). */
public final class Responses {
    private Responses() {
    }

    /**
     * A response to {@code request} with the standard reason phrase, and a To tag when the request had none
     * (RFC 3261 §8.2.6.2 requires one on every response but 100).
     */
    public static Response create(Request request, int status) {
        try {
            Response response = SipFactories.messages().createResponse(status, request);
            ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
            if (status > Response.TRYING && to != null && to.getTag() == null) {
                to.setTag(newTag());
            }
            return response;
        } catch (ParseException e) {
            // The status code is one of ours and the request was parsed by the stack: cannot happen.
            throw new IllegalArgumentException("cannot answer " + request.getMethod() + " with " + status, e);
        }
    }

    /**
     * As {@link #create(Request, int)}, with a reason phrase that says what went wrong, e.g.
     * {@code Forbidden (line 1001 does not belong to user phone3)}.
     */
    public static Response create(Request request, int status, String reasonPhrase) {
        Response response = create(request, status);
        try {
            response.setReasonPhrase(reasonPhrase);
        } catch (ParseException e) {
            throw new IllegalArgumentException("reason phrase: '" + reasonPhrase + "' (expected: no CR or LF)", e);
        }
        return response;
    }

    /**
     * As {@link #create(Request, int, String)}, with the To tag {@code toTag}: the tag a UAS chose for the
     * dialog the response belongs to, so every response of one INVITE carries the same one.
     */
    public static Response create(Request request, int status, String reasonPhrase, String toTag) {
        Response response = create(request, status, reasonPhrase);
        ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
        try {
            to.setTag(toTag);
        } catch (ParseException e) {
            throw new IllegalArgumentException("To tag: '" + toTag + "' (expected: a token)", e);
        }
        return response;
    }

    /** A fresh random tag for From or To (RFC 3261 §19.3: at least 32 bits of randomness). */
    public static String newTag() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }
}
