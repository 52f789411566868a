package org.openipma.b2bua.sipp;

/**
 * One line of a phone as the tests drive it: the digest user and password of its phone, and the
 * directory number it registers ({@code sip:<dn>@127.0.0.1}) and calls from (the From user).
 */
public record Line(String user, String password, String dn) {
    /** The manager's primary line, 1001 in PT_MANAGER: unreachable from CSS_DEFAULT. */
    public static final Line MANAGER = new Line("manager", "lab-manager", "1001");
    /** The assistant's primary line, 1002: intercepted like any ordinary line. */
    public static final Line ASSISTANT = new Line("assistant", "lab-assistant", "1002");
    /** The assistant's proxy line for 1001, 1112, whose line CSS is CSS_IPMA. */
    public static final Line PROXY_LINE = new Line("assistant", "lab-assistant", "1112");
    /** An ordinary phone, 1003. */
    public static final Line PHONE3 = new Line("phone3", "lab-phone3", "1003");
    /** The voicemail pilot, 8000, an ordinary caller too (CSS_DEFAULT). */
    public static final Line VOICEMAIL = new Line("voicemail", "lab-voicemail", "8000");

    /** The same phone and number with another password. */
    public Line withPassword(String otherPassword) {
        return new Line(user, otherPassword, dn);
    }

    /** This phone's credentials presented for another number, which it does not own. */
    public Line claiming(String otherDn) {
        return new Line(user, password, otherDn);
    }

    @Override
    public String toString() {
        return dn + " (" + user + ")";
    }
}
