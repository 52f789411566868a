package org.openipma.b2bua.sip.subscribe;

import java.util.List;
import java.util.function.UnaryOperator;

/** RFC 4235 dialog-info documents, written as text: a handful of elements need no XML library. */
final class DialogInfo {
    private DialogInfo() {
    }

    /**
     * A full-state document for {@code entity} (a SIP URI) listing {@code dialogs}; no dialog means idle.
     *
     * @param uriOf makes a SIP URI of a number, for the remote identities
     */
    static String document(String entity, long version, List<DialogEvents.LineDialog> dialogs,
                           UnaryOperator<String> uriOf) {
        StringBuilder xml = new StringBuilder(256 + 160 * dialogs.size())
                .append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<dialog-info xmlns=\"urn:ietf:params:xml:ns:dialog-info\" version=\"").append(version)
                .append("\" state=\"full\" entity=\"").append(escape(entity)).append("\">\n");
        for (DialogEvents.LineDialog dialog : dialogs) {
            String direction = dialog.initiator() ? "initiator" : "recipient";
            xml.append("  <dialog id=\"").append(escape(dialog.callId())).append('-').append(direction)
                    .append("\" direction=\"").append(direction).append("\">\n")
                    .append("    <state>").append(dialog.state().xml()).append("</state>\n")
                    .append("    <remote><identity>").append(escape(uriOf.apply(dialog.remote())))
                    .append("</identity></remote>\n")
                    .append("  </dialog>\n");
        }
        return xml.append("</dialog-info>\n").toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
