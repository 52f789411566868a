package org.openipma.b2bua.sip.subscribe;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.TimeoutEvent;
import javax.sip.header.AllowEventsHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.openipma.b2bua.control.ManagerControls;
import org.openipma.b2bua.sip.Responses;
import org.openipma.b2bua.sip.SipContext;
import org.openipma.b2bua.sip.auth.DigestAuthenticator;
import org.openipma.b2bua.sip.call.CallEventListener;
import org.openipma.b2bua.sip.call.Locations;
import org.openipma.routing.Cluster;

/**
 * SIP events (RFC 6665), as the dispatcher sees them: SUBSCRIBE goes to {@link SubscriptionHandler}, the
 * voicemail system's NOTIFY to {@link MessageWaiting}, the answers to our NOTIFYs back to the
 * {@link SubscriptionRegistry} (a phone that refuses one, or never answers, has lost its subscription). Call
 * events reach {@link DialogEvents} through {@link #callEvents()}; managers' settings changes reach
 * {@link FilterLamps}, the filter's busy lamps. Packages: {@code message-summary} (RFC
 * 3842) and {@code dialog} (RFC 4235); any other is refused {@code 489 Bad Event} with {@code Allow-Events}.
 */
public final class SubscriptionController {
    /** One {@code Allow-Events} header per package served, for OPTIONS. */
    public static List<AllowEventsHeader> allowEvents() {
        return EventPackage.allowEvents(EventPackage.values());
    }

    private final SubscriptionRegistry registry;
    private final SubscriptionHandler subscriptions;
    private final MessageWaiting messageWaiting;
    private final DialogEvents dialogEvents;
    private final FilterLamps filterLamps;

    /**
     * @param clusters the configuration in force: each request is judged by the one in force when it arrives
     * @param locations the registered contacts, for message waiting sent unsolicited
     * @param controls the managers' live settings, for the filter lamps; this controller listens to its changes
     * @param worker a single-thread executor that runs every subscription change and NOTIFY, in order; the
     *     caller owns it and shuts it down after {@link #close}
     */
    public SubscriptionController(SipContext sip, Supplier<Cluster> clusters, DigestAuthenticator digest,
                                  Locations locations, ManagerControls controls, ScheduledExecutorService worker) {
        Notifier notifier = new Notifier(sip);
        RequestAuthentication authentication = new RequestAuthentication(digest);
        this.registry = new SubscriptionRegistry(worker, notifier, Clock.systemUTC(), this::body);
        this.subscriptions = new SubscriptionHandler(sip, clusters, authentication, registry);
        this.messageWaiting = new MessageWaiting(clusters, authentication, registry, notifier, locations, sip.domain());
        this.dialogEvents = new DialogEvents(registry, sip.domain());
        this.filterLamps = new FilterLamps(registry, clusters, controls, sip.domain());
        controls.addSettingsListener(filterLamps);
    }

    private String body(Subscription subscription) {
        if (subscription.eventPackage == EventPackage.MESSAGE_SUMMARY) {
            return messageWaiting.body(subscription);
        }
        return subscription.filterOf != null ? filterLamps.body(subscription) : dialogEvents.body(subscription);
    }

    /**
     * Lights ({@code waiting}) or clears the message-waiting lamp of {@code dn} as the voicemail system would,
     * through {@code voicemail.mwiCss}.
     *
     * @return empty when the line's phones are being told, else why not (naming the CSS that does not reach it)
     */
    public java.util.Optional<String> setMessageWaiting(String dn, boolean waiting) {
        Refusal refusal = messageWaiting.set(dn, waiting);
        return refusal == null ? java.util.Optional.empty() : java.util.Optional.of(refusal.reason());
    }

    /** What turns call events into busy-lamp NOTIFYs; it only queues, as call event listeners must. */
    public CallEventListener callEvents() {
        return dialogEvents;
    }

    /** Subscriptions not yet ended. */
    public int liveCount() {
        return registry.size();
    }

    /** A SUBSCRIBE, new or inside one of our subscriptions' dialogs. */
    public void onSubscribe(RequestEvent event, ServerTransaction transaction) throws SipException, ParseException {
        if (hasToTag(event.getRequest())) {
            Dialog dialog = event.getDialog();
            subscriptions.onRefresh(transaction,
                    dialog != null && dialog.getApplicationData() instanceof Subscription s ? s : null);
        } else {
            subscriptions.onSubscribe(transaction);
        }
    }

    /**
     * A NOTIFY sent to us. Outside a dialog, from the voicemail system: message waiting. Inside one: we
     * subscribe to nothing, so there is no such subscription (481).
     */
    public void onNotify(RequestEvent event, ServerTransaction transaction) throws SipException, ParseException {
        Request request = event.getRequest();
        Refusal refusal;
        if (hasToTag(request)) {
            refusal = Refusal.of(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, "Subscription Does Not Exist");
        } else if (EventPackage.of(request).orElse(null) != EventPackage.MESSAGE_SUMMARY) {
            refusal = Refusal.badEvent(EventPackage.MESSAGE_SUMMARY);
        } else {
            refusal = messageWaiting.signal(request);
        }
        if (refusal != null) {
            refusal.send(transaction);
        } else {
            Notifier.send(transaction, Responses.create(request, Response.OK, "OK"));
        }
    }

    /** A response to a request we sent; false when it is not one of our NOTIFYs. */
    public boolean onResponse(ResponseEvent event) {
        ClientTransaction transaction = event.getClientTransaction();
        if (!ours(transaction)) {
            return false;
        }
        int status = event.getResponse().getStatusCode();
        // RFC 6665 §4.2.2: any final failure but a challenge ends the subscription (we cannot answer one).
        if (status >= 300 && transaction.getApplicationData() instanceof Subscription subscription) {
            registry.failed(subscription, "the phone answered its NOTIFY " + status);
        }
        return true;
    }

    /** A NOTIFY of ours that got no answer: its subscription is over. False when it is not one of ours. */
    public boolean onTimeout(TimeoutEvent event) {
        ClientTransaction transaction = event.isServerTransaction() ? null : event.getClientTransaction();
        if (!ours(transaction)) {
            return false;
        }
        if (transaction.getApplicationData() instanceof Subscription subscription) {
            registry.failed(subscription, "its NOTIFY got no answer");
        }
        return true;
    }

    /**
     * Whether a client transaction is one of our NOTIFYs: in a subscription (its data), or unsolicited message
     * waiting (no data). A NOTIFY carrying other data belongs to the call path (a transfer's progress).
     */
    private static boolean ours(ClientTransaction transaction) {
        return transaction != null && Request.NOTIFY.equals(transaction.getRequest().getMethod())
                && (transaction.getApplicationData() == null
                        || transaction.getApplicationData() instanceof Subscription);
    }

    /**
     * Ends every subscription because the server stops: a final NOTIFY ({@code terminated;reason=deactivated})
     * to each, waiting at most {@code patience} for them to be sent.
     */
    public void close(Duration patience) throws InterruptedException {
        registry.releaseAll(patience);
    }

    private static boolean hasToTag(Request request) {
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        return to != null && to.getTag() != null;
    }
}
