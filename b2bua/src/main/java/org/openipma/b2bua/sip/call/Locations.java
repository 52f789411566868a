package org.openipma.b2bua.sip.call;

import java.util.List;
import javax.sip.address.URI;

/** Where the phones are: the live registrations the registrar keeps. */
public interface Locations {
    /** The live contacts of line {@code dn} registered by the phone of {@code user}; empty if none. */
    List<URI> contacts(String user, String dn);
}
