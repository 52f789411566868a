package org.openipma.b2bua.web;

import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.openipma.b2bua.ConfigSnapshots;
import org.openipma.b2bua.control.CallControls;
import org.openipma.b2bua.control.ManagerControls;
import org.openipma.state.CallRecordStore;
import org.openipma.state.LiveState;
import org.openipma.state.RegistrationStore;

/**
 * What the web layer reads and acts through, all owned by the server: the configuration in force (read on
 * every request, so a reload applies at once), the managers' and assistants' controls, the live calls, the
 * state, message waiting and the SIP side's health.
 *
 * @param metrics what {@code /metrics} serves, or null for 404
 */
public record WebContext(ConfigSnapshots snapshots, ManagerControls controls, CallControls calls, LiveState live,
                         CallRecordStore records, RegistrationStore registrations, MessageWaitingLamps lamps,
                         BooleanSupplier sipListening, MetricsExposition metrics) {

    /** Lights and clears message-waiting lamps as the voicemail system would. */
    @FunctionalInterface
    public interface MessageWaitingLamps {
        /** Empty when {@code dn}'s phones are being told; else why not. */
        Optional<String> set(String dn, boolean waiting);
    }
}
