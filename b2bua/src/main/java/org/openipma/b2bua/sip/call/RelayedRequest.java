package org.openipma.b2bua.sip.call;

import javax.sip.ServerTransaction;

/** A request relayed inside a dialog: the transaction it came on, the leg it came from and the leg it went to. */
record RelayedRequest(ServerTransaction transaction, Leg from, Leg to) {
}
