package org.openipma.b2bua.cluster;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.address.URI;
import org.openipma.b2bua.sip.SipFactories;
import org.openipma.b2bua.sip.call.Locations;
import org.openipma.b2bua.sip.registrar.Binding;
import org.openipma.b2bua.sip.registrar.BindingStore;
import org.openipma.b2bua.sip.registrar.BindingsListener;
import org.openipma.b2bua.sip.registrar.ContactUpdate;
import org.openipma.b2bua.sip.registrar.PhoneLine;
import org.openipma.state.Registration;
import org.openipma.state.RegistrationStore;
import org.openipma.state.StateUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registrations shared between nodes. This node's registrar keeps its bindings in memory ({@link BindingStore})
 * and this class mirrors every change into the shared {@link RegistrationStore}, off the SIP threads (on the
 * binding store's maintenance thread, in order). {@link #locations} finds a line's contacts here first, and in
 * the store (registered through another node) only when this node has none, so a call reaches a phone
 * whichever node it registered with, and an assistant registered anywhere counts as available.
 *
 * <p>The mirror is soft state, like a registration itself: a change the store misses (the database lost) is
 * written again at the phone's next refresh. While the store fails, it is not asked again for
 * {@link #BACKOFF}, so calls never queue on a dead database; the loss is logged once per outage.
 */
public final class SharedRegistrations implements BindingsListener {
    private static final Logger log = LoggerFactory.getLogger(SharedRegistrations.class);
    /** How long the store is left alone after it failed. */
    static final Duration BACKOFF = Duration.ofSeconds(5);

    private final RegistrationStore store;
    private final BindingStore local;
    private final String node;
    private final Clock clock;
    private final AtomicLong skipUntilMillis = new AtomicLong();

    /** @param node this node's name, stored on each registration it mirrors */
    public SharedRegistrations(RegistrationStore store, BindingStore local, String node, Clock clock) {
        this.store = store;
        this.local = local;
        this.node = node;
        this.clock = clock;
    }

    /**
     * Puts this node's registrations that are still live in the store back into the local binding store: a
     * restarted node reaches its phones before they register again. Returns how many.
     */
    public int restore() {
        int restored = 0;
        Instant now = clock.instant();
        try {
            for (Registration registration : store.liveOfNode(node, now)) {
                int seconds = (int) Math.max(1, Duration.between(now, registration.expiresAt()).toSeconds());
                local.update(new PhoneLine(registration.user(), registration.dn()), registration.callId(),
                        registration.cseq(), List.of(new ContactUpdate(registration.contact(), seconds,
                                java.util.OptionalDouble.empty())));
                restored++;
            }
        } catch (StateUnavailableException e) {
            log.warn("registrations of {} not restored: {}", node, e.getMessage());
        }
        return restored;
    }

    @Override
    public void bindingsChanged(PhoneLine line, List<Binding> live) {
        if (skipping()) {
            return;
        }
        try {
            Set<String> current = new HashSet<>();
            for (Binding binding : live) {
                current.add(binding.contactUri());
                store.put(new Registration(line.user(), line.dn(), binding.contactUri(), binding.expiresAt(),
                        binding.callId(), binding.cseq(), node));
            }
            for (Registration stored : store.live(line.user(), line.dn(), clock.instant())) {
                if (stored.node().equals(node) && !current.contains(stored.contact())) {
                    store.remove(line.user(), line.dn(), stored.contact());
                }
            }
        } catch (StateUnavailableException e) {
            failed(e);
        }
    }

    /** The calls' view: this node's contacts of a line, else those registered through other nodes. */
    public Locations locations() {
        return (user, dn) -> {
            List<URI> contacts = new ArrayList<>();
            PhoneLine line = new PhoneLine(user, dn);
            for (Binding binding : local.contactsFor(line)) {
                contacts.add(uri(binding.contactUri()));
            }
            if (contacts.isEmpty() && !skipping()) {
                try {
                    for (Registration registration : store.live(user, dn, clock.instant())) {
                        if (!registration.node().equals(node)) {
                            contacts.add(uri(registration.contact()));
                        }
                    }
                } catch (StateUnavailableException e) {
                    failed(e);
                }
            }
            return contacts;
        };
    }

    /** Deletes registrations that expired, whoever mirrored them. */
    public void purgeExpired() {
        if (skipping()) {
            return;
        }
        try {
            store.purgeExpired(clock.instant());
        } catch (StateUnavailableException e) {
            failed(e);
        }
    }

    private boolean skipping() {
        return clock.millis() < skipUntilMillis.get();
    }

    private void failed(StateUnavailableException e) {
        long previous = skipUntilMillis.getAndSet(clock.millis() + BACKOFF.toMillis());
        if (previous == 0 || clock.millis() - previous > BACKOFF.toMillis()) {
            log.warn("shared registrations unavailable for {} s: {}", BACKOFF.toSeconds(), e.getMessage());
        }
    }

    private static URI uri(String contact) {
        try {
            return SipFactories.addresses().createURI(contact);
        } catch (ParseException e) {
            // Stored from a Contact header a stack had parsed.
            throw new IllegalStateException("stored contact " + contact + " does not parse", e);
        }
    }
}
