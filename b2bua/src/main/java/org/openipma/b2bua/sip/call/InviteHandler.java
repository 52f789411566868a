package org.openipma.b2bua.sip.call;

import java.text.ParseException;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.openipma.b2bua.sip.SipContext;
import org.openipma.routing.LineAppearance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A new call: an INVITE outside any dialog, from its arrival to its first ringing round (or to the answer of a
 * feature code). {@link #onInvite} lists
 * the whole path, top to bottom; each stage is a small class that returns what it concluded, and the answers
 * that stop a request are all sent here, through {@link CallResponses}.
 */
final class InviteHandler {
    private static final Logger log = LoggerFactory.getLogger(InviteHandler.class);

    private final SipContext sip;
    private final Supplier<CallRouter> routing;
    private final Admission admission;
    private final CallerAuthenticator authentication;
    private final RedirectGrants redirects;
    private final CallRegistry registry;
    private final Forking forking;
    private final CallResponses responses;
    private final FeatureCodeDialing featureCodes;
    private final SessionTimers sessionTimers;

    /** @param routing the routing of the configuration snapshot in force; each call keeps the one it started with */
    InviteHandler(SipContext sip, Supplier<CallRouter> routing, Admission admission,
                  CallerAuthenticator authentication, RedirectGrants redirects, CallRegistry registry,
                  Forking forking, CallResponses responses, FeatureCodeDialing featureCodes,
                  SessionTimers sessionTimers) {
        this.sessionTimers = sessionTimers;
        this.sip = sip;
        this.routing = routing;
        this.admission = admission;
        this.authentication = authentication;
        this.redirects = redirects;
        this.registry = registry;
        this.forking = forking;
        this.responses = responses;
        this.featureCodes = featureCodes;
    }

    /**
     * An INVITE without credentials, before any transaction exists: the admission and authentication stages
     * only, answered statelessly (RFC 3261 §8.2.7, as Kamailio's {@code sl_send_reply}): a 407, 403 or 503
     * that is never retransmitted, so an INVITE from a spoofed address that never ACKs is answered once, not
     * eleven times. Returns false, having sent nothing, if the request must go the stateful way after all.
     */
    boolean answerUncredentialed(Request invite) throws SipException {
        Optional<Answer> refused = admission.admit(routing.get().cluster());
        Answer answer = refused.orElse(null);
        if (answer == null) {
            Outcome<String> user = authentication.authenticate(invite);
            if (!user.stopped()) {
                return false;
            }
            answer = user.answer();
        }
        responses.answerStatelessly(invite, answer);
        return true;
    }

    void onInvite(ServerTransaction transaction) throws SipException, ParseException {
        Request invite = transaction.getRequest();
        CallRouter router = routing.get();

        Optional<Answer> refused = admission.admit(router.cluster());
        if (refused.isPresent()) {
            responses.answer(transaction, refused.get());
            return;
        }
        Outcome<String> user = authentication.authenticate(invite);
        if (user.stopped()) {
            responses.answer(transaction, user.answer());
            return;
        }
        Optional<Answer> tooBrief = sessionTimers.tooBrief(invite);
        if (tooBrief.isPresent()) {
            responses.answer(transaction, tooBrief.get());
            return;
        }
        Outcome<LineAppearance> caller = CallingLine.identify(router.cluster(), user.value(), invite);
        if (caller.stopped()) {
            responses.answer(transaction, caller.answer());
            return;
        }
        String dialed = SipParts.userPart(invite.getRequestURI());
        Outcome<RedirectTokens.Grant> grant = redirects.check(invite, dialed, caller.value());
        if (grant.stopped()) {
            responses.answer(transaction, grant.answer());
            return;
        }
        RoutingResult routed = dialed == null ? RoutingResult.reject(Response.NOT_FOUND, "Not Found")
                : grant.value() != null ? router.redirected(grant.value())
                : router.route(caller.value(), dialed);
        if (routed.isFeatureCode()) {
            responses.answer(transaction, featureCodes.dial(router, caller.value(), routed.featureCode(), dialed));
            return;
        }
        if (!routed.isRouted()) {
            log.info("{} -> {}: {} {}", caller.value().dn(), dialed, routed.status(), routed.reason());
            responses.answer(transaction, routed.refusal());
            return;
        }
        Destination destination = routed.destination();
        if (RedirectGrants.redirects(router.cluster(), destination, grant.value())) {
            log.info("{} -> {}: redirected to {} ({})", caller.value().dn(), dialed, destination.number(),
                    destination.reason());
            responses.answer(transaction, redirects.redirect(router.cluster(), invite, caller.value(), dialed,
                    destination));
            return;
        }
        // A followed redirect is, for the ring-no-answer policy, still a call to the number first dialed.
        String callFor = grant.value() == null ? dialed : grant.value().dialed();
        Call call = registry.open(sip.provider(), transaction, caller.value(), callFor, router);
        synchronized (call) {
            registry.publish(call, CallEvent.Type.OFFERED, null, destination.reason());
            forking.ring(call, destination);
        }
    }
}
