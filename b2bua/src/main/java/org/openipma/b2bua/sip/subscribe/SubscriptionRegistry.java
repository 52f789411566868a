package org.openipma.b2bua.sip.subscribe;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live subscriptions, and the one owner of their lives: a subscription enters with {@link #open} once its
 * 200 is sent, is refreshed by {@link #refresh}, and leaves by {@link #release} — expiry, {@code Expires: 0},
 * a NOTIFY the phone refused, or the server stopping — which sends the final NOTIFY when there is someone to
 * send it to, cancels the expiry timer and deletes the dialog.
 *
 * <h2>Threads</h2>
 * Everything that changes a subscription or sends a NOTIFY runs on one worker thread, in the order it was
 * queued: SIP threads validate and answer, then queue. So a subscription's NOTIFYs leave in the order their
 * changes happened, the expiry timer cannot race a refresh, and the state sources ({@link States}) need no
 * locks for what only the worker reads. {@link #size} may be read from any thread.
 */
final class SubscriptionRegistry {
    private static final Logger log = LoggerFactory.getLogger(SubscriptionRegistry.class);

    /** The current state of what a subscription watches, as the body of its next NOTIFY. Called on the worker. */
    interface States {
        String body(Subscription subscription);
    }

    private final Set<Subscription> live = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();
    private final ScheduledExecutorService worker;
    private final Notifier notifier;
    private final Clock clock;
    private final States states;

    /**
     * @param worker a single-thread executor: the order of the tasks queued on it is the order they run in
     * @param states where every NOTIFY's body comes from
     */
    SubscriptionRegistry(ScheduledExecutorService worker, Notifier notifier, Clock clock, States states) {
        this.worker = worker;
        this.notifier = notifier;
        this.clock = clock;
        this.states = states;
    }

    long nextId() {
        return ids.incrementAndGet();
    }

    /** Subscriptions not yet released. */
    int size() {
        return live.size();
    }

    /** Runs {@code task} on the worker, after everything queued before it; a failure is logged there. */
    void execute(Runnable task) {
        try {
            worker.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.warn("subscription work failed: {}", e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("stopping: subscription work dropped");
        }
    }

    /**
     * Takes {@code subscription}, accepted for {@code seconds}, and sends its first NOTIFY with the current state
     * (RFC 6665 §4.2.1.2). With 0 seconds (a fetch) that NOTIFY is also its last.
     */
    void open(Subscription subscription, int seconds) {
        execute(() -> {
            live.add(subscription);
            log.info("{}: subscribed for {} s", subscription, seconds);
            renew(subscription, seconds);
        });
    }

    /** A refresh ({@code seconds} > 0) or an unsubscribe (0) inside the subscription's dialog. */
    void refresh(Subscription subscription, int seconds) {
        execute(() -> {
            if (!subscription.ended) {
                renew(subscription, seconds);
            }
        });
    }

    private void renew(Subscription subscription, int seconds) {
        if (subscription.expiry != null) {
            subscription.expiry.cancel(false);
        }
        if (seconds == 0) {
            release(subscription, "timeout");
            return;
        }
        subscription.expiresAt = clock.instant().plusSeconds(seconds);
        subscription.expiry = worker.schedule(() -> {
            if (!subscription.ended) {
                log.info("{}: expired", subscription);
                release(subscription, "timeout");
            }
        }, seconds, TimeUnit.SECONDS);
        notifyActive(subscription);
    }

    /** Sends {@code subscription} the current state. Worker thread only. */
    void notifyActive(Subscription subscription) {
        notifyActive(subscription, states.body(subscription));
    }

    /** Sends {@code subscription} a NOTIFY with {@code body}. Worker thread only. */
    void notifyActive(Subscription subscription, String body) {
        // Rounded up: a refresh for 60 s is told 60, not the 59.99 left when its NOTIFY is built.
        long left = Math.max(1, (Duration.between(clock.instant(), subscription.expiresAt).toMillis() + 999) / 1000);
        notifier.inDialog(subscription, "active;expires=" + left, body);
    }

    /** The live subscriptions to {@code eventPackage} of line {@code dn} (not filter lamps). Worker thread only. */
    List<Subscription> watching(EventPackage eventPackage, String dn) {
        return live(s -> s.eventPackage == eventPackage && s.filterOf == null && s.watched.equals(dn));
    }

    /** The live subscriptions {@code which} accepts. Worker thread only. */
    List<Subscription> live(Predicate<Subscription> which) {
        return live.stream().filter(which).toList();
    }

    /** Ends {@code subscription} now, without a NOTIFY: the phone refused the last one or never answered it. */
    void failed(Subscription subscription, String why) {
        execute(() -> {
            if (!subscription.ended) {
                log.info("{}: ended: {}", subscription, why);
                release(subscription, null);
            }
        });
    }

    /**
     * The one end of a subscription: the final NOTIFY {@code terminated;reason=<reason>} (none when
     * {@code reason} is null), the timer cancelled, the dialog deleted. Worker thread only; idempotent.
     */
    private void release(Subscription subscription, String reason) {
        if (subscription.ended) {
            return;
        }
        subscription.ended = true;
        if (subscription.expiry != null) {
            subscription.expiry.cancel(false);
        }
        if (reason != null) {
            notifier.inDialog(subscription, "terminated;reason=" + reason, states.body(subscription));
        }
        subscription.dialog.setApplicationData(null);
        subscription.dialog.delete();
        live.remove(subscription);
    }

    /**
     * Ends every subscription because the server is stopping: each phone gets
     * {@code terminated;reason=deactivated} (RFC 6665 §4.1.3: subscribe again at once, to whichever node
     * answers). Waits at most {@code patience} for the worker to send them.
     */
    void releaseAll(Duration patience) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        execute(() -> {
            List.copyOf(live).forEach(subscription -> release(subscription, "deactivated"));
            done.countDown();
        });
        done.await(patience.toMillis(), TimeUnit.MILLISECONDS);
    }
}
