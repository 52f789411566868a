package org.openipma.b2bua.sip.registrar;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The location service: for each line of each phone ({@link PhoneLine}: user and DN; its address of record
 * is {@code sip:<dn>@<domain>}), the contacts registered for it and until when.
 *
 * <p>Updates follow RFC 3261 §10.3 step 7: all contacts of one REGISTER are applied together or not at all;
 * a binding set by a REGISTER with the same Call-ID and a higher or equal CSeq refuses the whole update
 * ({@link Update.OutOfOrder}); another Call-ID always wins (the phone restarted).
 *
 * <p>Expired bindings are never returned. A maintenance thread removes them every purge interval (default
 * {@value #DEFAULT_PURGE_INTERVAL_MILLIS} ms), so {@link RegistrationListener}s learn that a phone vanished
 * without any request. Listeners run on that same thread, in order.
 *
 * <p>Thread-safe: each line is updated atomically ({@link ConcurrentHashMap#compute}); lines never block
 * each other. {@link #close()} stops the maintenance thread.
 */
public final class BindingStore implements AutoCloseable {
    public static final long DEFAULT_PURGE_INTERVAL_MILLIS = 1000;

    private static final Logger log = LoggerFactory.getLogger(BindingStore.class);
    /** Highest q first; a contact without q counts as 1.0 (the usual reading of RFC 3261 §20.10). */
    private static final Comparator<Binding> BY_PREFERENCE =
            Comparator.comparingDouble((Binding b) -> b.q().orElse(1.0)).reversed();

    /** What became of an update. */
    public sealed interface Update {
        /** Applied; {@code current} are the line's live bindings afterwards, most preferred first. */
        record Applied(List<Binding> current) implements Update {
        }

        /**
         * Refused, nothing changed: {@code contactUri} was set by a REGISTER with the same Call-ID and CSeq
         * {@code storedCseq}, not lower than this one.
         */
        record OutOfOrder(String contactUri, long storedCseq) implements Update {
        }
    }

    /** A line's bindings (possibly some expired) and the registration state listeners were last told. */
    private record Line(List<Binding> bindings, boolean announced) {
    }

    private final ConcurrentHashMap<PhoneLine, Line> lines = new ConcurrentHashMap<>();
    private final List<RegistrationListener> listeners = new CopyOnWriteArrayList<>();
    private final List<BindingsListener> bindingsListeners = new CopyOnWriteArrayList<>();
    private final Clock clock;
    private final ScheduledExecutorService maintenance;

    /** A store on the system clock, purging every {@value #DEFAULT_PURGE_INTERVAL_MILLIS} ms. */
    public BindingStore() {
        this(Clock.systemUTC(), Duration.ofMillis(DEFAULT_PURGE_INTERVAL_MILLIS));
    }

    /**
     * @param clock what "expired" is measured against
     * @param purgeInterval how often expired bindings are removed, 10 ms-1 h; the longest a listener may learn
     *     late that a line is gone
     */
    public BindingStore(Clock clock, Duration purgeInterval) {
        if (purgeInterval.toMillis() < 10 || purgeInterval.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("purgeInterval: " + purgeInterval + " (expected: PT0.01S-PT1H)");
        }
        this.clock = clock;
        this.maintenance = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "binding-store");
            thread.setDaemon(true);
            return thread;
        });
        long millis = purgeInterval.toMillis();
        maintenance.scheduleWithFixedDelay(this::purgeQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Adds a listener for lines gaining or losing their registration. */
    public void addListener(RegistrationListener listener) {
        listeners.add(listener);
    }

    /** Adds a listener for every change of a line's bindings (e.g. to share them with other nodes). */
    public void addBindingsListener(BindingsListener listener) {
        bindingsListeners.add(listener);
    }

    /**
     * Applies the contacts of one REGISTER for {@code line}: each adds or refreshes its binding, or with
     * 0 seconds removes it.
     */
    public Update update(PhoneLine phoneLine, String callId, long cseq, List<ContactUpdate> contacts) {
        Update[] outcome = new Update[1];
        lines.compute(phoneLine, (key, line) -> {
            Instant now = clock.instant();
            Map<String, Binding> byUri = liveByUri(line, now);
            for (ContactUpdate contact : contacts) {
                Binding existing = byUri.get(contact.contactUri());
                if (existing != null && existing.callId().equals(callId) && existing.cseq() >= cseq) {
                    outcome[0] = new Update.OutOfOrder(contact.contactUri(), existing.cseq());
                    return line;
                }
            }
            for (ContactUpdate contact : contacts) {
                if (contact.expiresSeconds() == 0) {
                    byUri.remove(contact.contactUri());
                } else {
                    byUri.put(contact.contactUri(), new Binding(contact.contactUri(),
                            now.plusSeconds(contact.expiresSeconds()), contact.q(), callId, cseq));
                }
            }
            outcome[0] = new Update.Applied(sorted(byUri.values()));
            return replace(phoneLine, line, List.copyOf(byUri.values()));
        });
        return outcome[0];
    }

    /**
     * Removes every binding of {@code phoneLine} ({@code Contact: *}), unless one was set by a REGISTER with
     * the same Call-ID and a CSeq not lower than {@code cseq}.
     */
    public Update removeAll(PhoneLine phoneLine, String callId, long cseq) {
        Update[] outcome = new Update[1];
        lines.compute(phoneLine, (key, line) -> {
            for (Binding existing : liveByUri(line, clock.instant()).values()) {
                if (existing.callId().equals(callId) && existing.cseq() >= cseq) {
                    outcome[0] = new Update.OutOfOrder(existing.contactUri(), existing.cseq());
                    return line;
                }
            }
            outcome[0] = new Update.Applied(List.of());
            return replace(phoneLine, line, List.of());
        });
        return outcome[0];
    }

    private static Map<String, Binding> liveByUri(Line line, Instant now) {
        Map<String, Binding> byUri = new LinkedHashMap<>();
        if (line != null) {
            for (Binding binding : line.bindings()) {
                if (binding.isLiveAt(now)) {
                    byUri.put(binding.contactUri(), binding);
                }
            }
        }
        return byUri;
    }

    /** The new state of a line, announcing a change of registration; null removes the line. */
    private Line replace(PhoneLine phoneLine, Line old, List<Binding> live) {
        if (!bindingsListeners.isEmpty() && !(old == null ? List.of() : old.bindings()).equals(live)) {
            queue(bindingsListeners, listener -> listener.bindingsChanged(phoneLine, live), phoneLine);
        }
        boolean registered = !live.isEmpty();
        if (registered != (old != null && old.announced())) {
            announce(phoneLine, registered);
        }
        return registered ? new Line(live, true) : null;
    }

    /** The live bindings of {@code phoneLine}, most preferred first; empty when it has none. */
    public List<Binding> contactsFor(PhoneLine phoneLine) {
        Line line = lines.get(phoneLine);
        return line == null ? List.of() : sorted(liveByUri(line, clock.instant()).values());
    }

    /** The store's time, for reporting remaining intervals consistently with expiry. */
    Instant now() {
        return clock.instant();
    }

    /** Live bindings, all lines together. */
    public int bindingCount() {
        Instant now = clock.instant();
        int count = 0;
        for (Line line : lines.values()) {
            count += (int) line.bindings().stream().filter(b -> b.isLiveAt(now)).count();
        }
        return count;
    }

    /**
     * Removes expired bindings now, telling listeners about lines left without any; returns how many
     * bindings went. The maintenance thread calls this every purge interval.
     */
    public int purgeExpired() {
        int[] removed = {0};
        for (PhoneLine phoneLine : lines.keySet()) {
            lines.computeIfPresent(phoneLine, (key, line) -> {
                List<Binding> live = List.copyOf(liveByUri(line, clock.instant()).values());
                removed[0] += line.bindings().size() - live.size();
                return replace(phoneLine, line, live);
            });
        }
        return removed[0];
    }

    private void purgeQuietly() {
        try {
            int removed = purgeExpired();
            if (removed > 0) {
                log.debug("{} expired bindings removed", removed);
            }
        } catch (RuntimeException e) {
            // An exception would cancel every later run; a bug must not stop expiry for good.
            log.error("purging expired bindings failed", e);
        }
    }

    /** Queues the listener calls; called inside compute() so the queue order is the order of changes. */
    private void announce(PhoneLine phoneLine, boolean registered) {
        log.info("line {} {}", phoneLine, registered ? "registered" : "no longer registered");
        queue(listeners, listener -> listener.registrationChanged(phoneLine, registered), phoneLine);
    }

    /**
     * Calls {@code call} on each of {@code targets} on the maintenance thread, after every call queued before;
     * one that throws does not keep the others from learning.
     */
    private <L> void queue(List<L> targets, java.util.function.Consumer<L> call, PhoneLine phoneLine) {
        try {
            maintenance.execute(() -> {
                for (L listener : targets) {
                    try {
                        call.accept(listener);
                    } catch (RuntimeException e) {
                        log.error("listener {} failed on line {}", listener, phoneLine, e);
                    }
                }
            });
        } catch (RejectedExecutionException closed) {
            // Closing: nobody is listening any more.
        }
    }

    private static List<Binding> sorted(Collection<Binding> bindings) {
        List<Binding> list = new ArrayList<>(bindings);
        list.sort(BY_PREFERENCE);
        return List.copyOf(list);
    }

    /** Stops the maintenance thread; queued listener calls are dropped. The bindings stay readable. */
    @Override
    public void close() {
        maintenance.shutdownNow();
    }
}
