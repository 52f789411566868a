package org.openipma.b2bua.sip.call;

import java.text.ParseException;
import javax.sip.header.ContentTypeHeader;
import javax.sip.message.Message;

/** Copies what passes end to end between legs: the body (SDP) with its Content-Type. Nothing else leaks. */
final class MessageCopier {
    private MessageCopier() {
    }

    static void copyBody(Message from, Message to) throws ParseException {
        byte[] body = from.getRawContent();
        ContentTypeHeader type = (ContentTypeHeader) from.getHeader(ContentTypeHeader.NAME);
        if (body != null && body.length > 0 && type != null) {
            to.setContent(body, type);
        }
    }
}
