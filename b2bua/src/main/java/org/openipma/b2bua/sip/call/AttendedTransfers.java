package org.openipma.b2bua.sip.call;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Optional;
import java.util.concurrent.Executor;
import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.openipma.b2bua.sip.SipContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attended transfer between two calls that both run through this server (REFER whose Refer-To carries
 * {@code Replaces}, RFC 3891): the Replaces names the transferor's own leg of the consultation call; the
 * transferee and the consulted party are joined with two re-INVITEs (the target's offer, solicited by an
 * offerless re-INVITE, goes to the transferee; its answer back in the target's ACK), and both of the
 * transferor's legs get a BYE. Only the transferor's own dialogs can be replaced: the two legs must be lines of
 * the same phone. The work that needs both calls runs on the call-work pool, taking both monitors in ascending
 * call id (see {@link Call}).
 */
final class AttendedTransfers {
    private static final Logger log = LoggerFactory.getLogger(AttendedTransfers.class);

    private final SipContext sip;
    private final CallResponses responses;
    private final Termination termination;
    private final CallRegistry registry;
    private final Executor callWork;
    private final ReferNotifier notifier;

    AttendedTransfers(SipContext sip, CallResponses responses, Termination termination, CallRegistry registry,
                      Executor callWork, ReferNotifier notifier) {
        this.sip = sip;
        this.responses = responses;
        this.termination = termination;
        this.registry = registry;
        this.callWork = callWork;
        this.notifier = notifier;
    }

    /** Whether {@code referTo} asks for an attended transfer. */
    static String replacesOf(SipURI referTo) {
        String replaces = referTo.getHeader("Replaces");
        return replaces == null ? null : percentDecoded(replaces);
    }

    /** A REFER with Replaces on {@code referrer}. Caller holds {@code call}'s monitor. */
    void onRefer(Call call, Leg referrer, ServerTransaction refer, String replaces)
            throws SipException, ParseException {
        Optional<Leg> replaced = legReplacedBy(replaces);
        if (replaced.isEmpty() || replaced.get().call == call || replaced.get().peer() == null
                || referrer.line == null || replaced.get().line == null
                || !replaced.get().line.phone().user().equals(referrer.line.phone().user())) {
            log.info("{}: attended transfer refused: no call of this phone to replace ({})", call, replaces);
            responses.answer(refer, Answer.of(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST,
                    "Call Does Not Exist (no call of yours matches the Replaces)"));
            return;
        }
        responses.answer(refer, Answer.of(Response.ACCEPTED, "Accepted"));
        Join join = new Join(call, referrer, replaced.get().call, replaced.get());
        notifier.progress(call, referrer.dialog, Response.TRYING, "Trying", false);
        // The other call's monitor must be taken in id order: not from here, where this call's is held.
        callWork.execute(() -> join.locked(() -> start(join)));
    }

    private void start(Join join) {
        if (join.call.ended || join.other.ended || join.referrer.peer() != join.transferee
                || join.replaced.peer() != join.target) {
            fail(join, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, "Call Does Not Exist");
            return;
        }
        try {
            // No offer: the target answers with one, which goes to the transferee.
            send(join, join.target, null, Join.Step.TARGET);
        } catch (SipException | ParseException e) {
            fail(join, Response.SERVICE_UNAVAILABLE, "Service Unavailable");
        }
    }

    /** A response to one of the join's re-INVITEs; takes both monitors. */
    void onResponse(Join.ReInvite reInvite, Response response) {
        Join join = reInvite.join();
        join.locked(() -> {
            try {
                step(join, reInvite.step(), response);
            } catch (SipException | ParseException | InvalidArgumentException e) {
                log.warn("{}: attended transfer failed: {}", join.call, e.getMessage());
                fail(join, Response.SERVER_INTERNAL_ERROR, "Server Internal Error");
            }
        });
    }

    private void step(Join join, Join.Step step, Response response)
            throws SipException, ParseException, InvalidArgumentException {
        int status = response.getStatusCode();
        if (status < 200 || join.step != step) {
            return;
        }
        long cseq = ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber();
        if (status >= 300 || join.call.ended || join.other.ended) {
            if (step == Join.Step.TRANSFEREE) {
                join.target.dialog.sendAck(join.target.dialog.createAck(join.targetCSeq));
            }
            fail(join, status >= 300 ? status : Response.REQUEST_TERMINATED, response.getReasonPhrase());
            return;
        }
        if (step == Join.Step.TARGET) {
            join.targetCSeq = cseq;
            join.step = Join.Step.TRANSFEREE;
            send(join, join.transferee, response, Join.Step.TRANSFEREE);
            return;
        }
        join.step = Join.Step.DONE;
        join.transferee.dialog.sendAck(join.transferee.dialog.createAck(cseq));
        Request ack = join.target.dialog.createAck(join.targetCSeq);
        MessageCopier.copyBody(response, ack);
        join.target.dialog.sendAck(ack);
        joined(join);
    }

    /** The transferee and the target now talk: the target's leg moves into the transferee's call. */
    private void joined(Join join) throws SipException {
        Call call = join.call;
        Leg target = new Leg(call, join.target.dialog, join.target.transport, join.target.line);
        join.target.dialog.setApplicationData(target);
        Leg.pair(join.transferee, target);
        if (join.referrer == call.callerLeg) {
            call.callerLeg = target;
        } else {
            call.calleeLeg = target;
        }
        Call other = join.other;
        if (other.callerLeg == join.target) {
            other.callerLeg = null;
        } else {
            other.calleeLeg = null;
        }
        log.info("{}: joined with {} by an attended transfer", call, other);
        registry.publish(call, CallEvent.Type.TRANSFERRED, target.line == null ? null : target.line.dn(),
                "attended transfer by " + join.referrer.line.dn());
        join.replaced.dialog.setApplicationData(null);
        termination.sendBye(join.replaced.dialog);
        CallRegistry.delete(join.replaced.dialog);
        join.referrer.dialog.setApplicationData(null);
        notifier.progress(call, join.referrer.dialog, Response.OK, "OK", true, () -> {
            try {
                termination.sendBye(join.referrer.dialog);
            } catch (SipException e) {
                log.debug("{}: BYE to the transferor not sent: {}", call, e.getMessage());
            } finally {
                CallRegistry.delete(join.referrer.dialog);
            }
        });
        registry.release(other, "joined into call " + call.id + " by an attended transfer");
    }

    private void send(Join join, Leg leg, Response offerFrom, Join.Step step) throws SipException, ParseException {
        Request reInvite = leg.dialog.createRequest(Request.INVITE);
        if (offerFrom != null) {
            MessageCopier.copyBody(offerFrom, reInvite);
        }
        reInvite.setHeader(sip.contact(leg == leg.call.callerLeg ? leg.call.dialed : leg.call.caller.dn(),
                leg.transport));
        ClientTransaction out = sip.provider().getNewClientTransaction(reInvite);
        out.setApplicationData(new Join.ReInvite(join, step));
        leg.dialog.sendRequest(out);
    }

    private void fail(Join join, int status, String reason) {
        log.info("{}: attended transfer failed: {} {}", join.call, status, reason);
        join.step = Join.Step.DONE;
        notifier.progress(join.call, join.referrer.dialog, status, reason, true);
    }

    /** The live leg whose dialog {@code replaces} ({@code call-id;to-tag=..;from-tag=..}) names, either way round. */
    private Optional<Leg> legReplacedBy(String replaces) {
        String[] parts = replaces.split(";");
        String callId = parts[0].trim();
        String toTag = null;
        String fromTag = null;
        for (int i = 1; i < parts.length; i++) {
            String[] pair = parts[i].split("=", 2);
            if (pair.length == 2 && pair[0].trim().equalsIgnoreCase("to-tag")) {
                toTag = pair[1].trim();
            } else if (pair.length == 2 && pair[0].trim().equalsIgnoreCase("from-tag")) {
                fromTag = pair[1].trim();
            }
        }
        if (toTag == null || fromTag == null) {
            return Optional.empty();
        }
        String mine = callId + ";" + toTag + ";" + fromTag;
        String theirs = callId + ";" + fromTag + ";" + toTag;
        for (Call candidate : registry.snapshot()) {
            for (Leg leg : new Leg[] {candidate.callerLeg, candidate.calleeLeg}) {
                if (leg != null && leg.dialog != null) {
                    String id = Join.dialogId(leg.dialog);
                    if (id.equals(mine) || id.equals(theirs)) {
                        return Optional.of(leg);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static int hexByte(String two) {
        try {
            return Integer.parseInt(two, 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** RFC 3986 percent-decoding ({@code +} stays a plus, unlike form decoding). */
    private static String percentDecoded(String value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            int hex = c == '%' && i + 2 < value.length() ? hexByte(value.substring(i + 1, i + 3)) : -1;
            if (hex >= 0) {
                bytes.write(hex);
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
