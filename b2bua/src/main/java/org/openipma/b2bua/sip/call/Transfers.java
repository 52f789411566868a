package org.openipma.b2bua.sip.call;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ReferToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.openipma.b2bua.sip.SipContext;
import org.openipma.routing.FeatureCode;
import org.openipma.routing.IpmaConfig;
import org.openipma.routing.LineAppearance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blind transfers (REFER, RFC 3515) handled inside the B2BUA, never relayed: the target is routed through the
 * <em>referrer's</em> line and its effective CSS, exactly as if the referrer had dialled it — so the proxy line
 * reaches 1001 in PT_MANAGER and phone3's line does not — and a REFER to {@code *84} (Redirect) or {@code *85}
 * (transfer to voicemail) moves the connected call as those codes say. A target the CSS cannot reach gets the
 * refusal and changes nothing. Accepted: {@code 202}, then NOTIFYs with {@code message/sipfrag} progress; on the
 * target's answer the transferee is re-INVITEd with the target's offer, the two are paired, and the referrer's
 * leg gets a BYE. Calls the first registered contact of the target line. Every method expects the call's
 * monitor held. A Refer-To with {@code Replaces} is an attended transfer: {@link AttendedTransfers}.
 */
final class Transfers {
    private static final Logger log = LoggerFactory.getLogger(Transfers.class);

    private final SipContext sip;
    private final CallResponses responses;
    private final Termination termination;
    private final Locations locations;
    private final CallRegistry registry;
    private final ReferNotifier notifier;
    private final AttendedTransfers attended;

    Transfers(SipContext sip, CallResponses responses, Termination termination, Locations locations,
              CallRegistry registry, ReferNotifier notifier, AttendedTransfers attended) {
        this.sip = sip;
        this.responses = responses;
        this.termination = termination;
        this.locations = locations;
        this.registry = registry;
        this.notifier = notifier;
        this.attended = attended;
    }

    /** A REFER arrived on {@code referrer}, a leg of an answered call. */
    void onRefer(Call call, Leg referrer, ServerTransaction refer) throws SipException, ParseException {
        Request request = refer.getRequest();
        ReferToHeader referTo = (ReferToHeader) request.getHeader(ReferToHeader.NAME);
        if (referTo == null) {
            responses.answer(refer, Answer.of(Response.BAD_REQUEST, "Bad Request (no Refer-To)"));
            return;
        }
        URI uri = referTo.getAddress().getURI();
        String replaces = uri instanceof javax.sip.address.SipURI sipUri ? AttendedTransfers.replacesOf(sipUri) : null;
        if (replaces != null) {
            attended.onRefer(call, referrer, refer, replaces);
            return;
        }
        if (call.transfer != null || referrer.line == null) {
            responses.answer(refer, Answer.of(Response.REQUEST_PENDING, "Request Pending (a transfer is under way)"));
            return;
        }
        String digits = SipParts.userPart(uri);
        RoutingResult routed = digits == null ? RoutingResult.reject(Response.NOT_FOUND, "Not Found")
                : targetOf(call, referrer.line, digits);
        String who = referrer.line.dn();
        if (!routed.isRouted()) {
            log.info("{}: REFER from {} to {} refused: {} {}", call, who, digits, routed.status(), routed.reason());
            responses.answer(refer, routed.refusal());
            return;
        }
        List<URI> contacts = new ArrayList<>();
        for (IpmaConfig.Phone phone : routed.destination().number().phones()) {
            contacts.addAll(locations.contacts(phone.user(), routed.destination().number().dn()));
        }
        if (contacts.isEmpty()) {
            responses.answer(refer, Answer.of(Response.TEMPORARILY_UNAVAILABLE,
                    "Temporarily Unavailable (" + routed.destination().number().dn() + " is not registered)"));
            return;
        }
        responses.answer(refer, Answer.of(Response.ACCEPTED, "Accepted"));
        Transfer transfer = new Transfer(call, referrer, routed.destination(), SipParts.transportOf(contacts.get(0)));
        call.transfer = transfer;
        log.info("{}: {} transfers the call to {} ({})", call, who, routed.destination().number(),
                routed.destination().reason());
        notifier.progress(transfer.call, transfer.referrer.dialog, Response.TRYING, "Trying", false);
        try {
            callTarget(transfer, contacts.get(0));
        } catch (SipException | InvalidArgumentException e) {
            fail(transfer, Response.SERVICE_UNAVAILABLE, "Service Unavailable");
        }
    }

    /**
     * Where a REFER from {@code line} to {@code digits} goes: what the line reaches by dialling it, the
     * redirect and voicemail codes moving this call as they would a ringing one.
     */
    private static RoutingResult targetOf(Call call, LineAppearance line, String digits) {
        RoutingResult routed = call.router.route(line, digits);
        if (!routed.isFeatureCode()) {
            return routed;
        }
        FeatureCode.Action action = routed.featureCode().action();
        Destination current = call.destination;
        String user = line.phone().user();
        boolean forAManager = current.routePoint() != null && current.manager() != null;
        if (action == FeatureCode.Action.TRANSFER_TO_VOICEMAIL && forAManager) {
            return call.router.toVoicemail(current, call.dialed, "transferred to voicemail by " + user);
        }
        if (action == FeatureCode.Action.REDIRECT && forAManager) {
            boolean manager = current.manager().user().equals(user);
            return manager ? call.router.divertTarget(current, call.dialed, "redirected by " + user)
                    : call.router.toManager(current, call.dialed, "redirected to the manager by " + user);
        }
        return RoutingResult.reject(Response.FORBIDDEN, "Forbidden (" + digits + " is not a transfer target)");
    }

    private void callTarget(Transfer transfer, URI contact)
            throws SipException, ParseException, InvalidArgumentException {
        Call call = transfer.call;
        LineAppearance presented = transfer.transferee.line != null ? transfer.transferee.line : call.caller;
        Request invite = OutboundInvites.create(sip, presented, transfer.target, contact, transfer.transport, 70,
                "deflection");
        // No offer: the target's answer carries one, which the transferee then answers (RFC 3725 flow I).
        ClientTransaction transaction = sip.provider().getNewClientTransaction(invite);
        transfer.targetInvite = transaction;
        transfer.targetDialog = sip.provider().getNewDialog(transaction);
        transaction.setApplicationData(transfer);
        transaction.sendRequest();
    }

    /** A response to the INVITE that calls the target. */
    void onTargetResponse(Transfer transfer, Response response) throws SipException, ParseException {
        int status = response.getStatusCode();
        Call call = transfer.call;
        if (status < 200) {
            if (status > Response.TRYING && transfer.step == Transfer.Step.CALLING_TARGET) {
                notifier.progress(transfer.call, transfer.referrer.dialog, status, response.getReasonPhrase(), false);
            }
            return;
        }
        if (status >= 300) {
            if (transfer.step == Transfer.Step.CALLING_TARGET) {
                fail(transfer, status, response.getReasonPhrase());
            }
            return;
        }
        transfer.targetCSeq = ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber();
        byte[] offer = response.getRawContent();
        if (call.ended || call.transfer != transfer || transfer.step != Transfer.Step.CALLING_TARGET
                || offer == null || offer.length == 0) {
            // Too late, or nothing to offer the transferee: take the call and hang it up.
            ackAndHangUp(transfer);
            if (call.transfer == transfer) {
                fail(transfer, Response.NOT_ACCEPTABLE_HERE, "Not Acceptable Here");
            }
            return;
        }
        transfer.step = Transfer.Step.REINVITING_TRANSFEREE;
        Leg transferee = transfer.transferee;
        Request reInvite = transferee.dialog.createRequest(Request.INVITE);
        MessageCopier.copyBody(response, reInvite);
        reInvite.setHeader(sip.contact(transferee == call.callerLeg ? call.dialed : call.caller.dn(),
                transferee.transport));
        ClientTransaction out = sip.provider().getNewClientTransaction(reInvite);
        out.setApplicationData(new Transfer.ReInvite(transfer));
        transferee.dialog.sendRequest(out);
    }

    /** The transferee's response to the re-INVITE with the target's offer. */
    void onReInviteResponse(Transfer transfer, Response response) throws SipException, ParseException {
        int status = response.getStatusCode();
        if (status < 200 || transfer.step != Transfer.Step.REINVITING_TRANSFEREE) {
            return;
        }
        Call call = transfer.call;
        if (status >= 300 || call.ended) {
            ackAndHangUp(transfer);
            fail(transfer, status >= 300 ? status : Response.REQUEST_TERMINATED, response.getReasonPhrase());
            return;
        }
        transfer.step = Transfer.Step.DONE;
        Leg transferee = transfer.transferee;
        long cseq = ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber();
        try {
            transferee.dialog.sendAck(transferee.dialog.createAck(cseq));
            Request ack = transfer.targetDialog.createAck(transfer.targetCSeq);
            MessageCopier.copyBody(response, ack);
            transfer.targetDialog.sendAck(ack);
        } catch (InvalidArgumentException e) {
            throw new SipException(e.getMessage(), e);
        }
        LineAppearance targetLine = call.cluster().appearance(
                transfer.target.number().phones().get(0).user(), transfer.target.number().dn()).orElse(null);
        Leg target = new Leg(call, transfer.targetDialog, transfer.transport, targetLine);
        transfer.targetDialog.setApplicationData(target);
        Leg.pair(transferee, target);
        Leg referrer = transfer.referrer;
        if (referrer == call.callerLeg) {
            call.callerLeg = target;
        } else {
            call.calleeLeg = target;
        }
        call.transfer = null;
        call.destination = transfer.target;
        log.info("{}: transferred to {}", call, transfer.target.number());
        registry.publish(call, CallEvent.Type.TRANSFERRED, transfer.target.number().dn(),
                "transferred by " + (referrer.line == null ? "?" : referrer.line.dn()) + ": "
                        + transfer.target.reason());
        referrer.dialog.setApplicationData(null);
        notifier.progress(call, referrer.dialog, Response.OK, "OK", true, () -> hangUp(call, referrer));
    }

    /** The referrer's leg, no longer part of the call: a BYE, and its dialog goes. */
    private void hangUp(Call call, Leg referrer) {
        try {
            termination.sendBye(referrer.dialog);
        } catch (SipException e) {
            log.debug("{}: BYE to the referrer not sent: {}", call, e.getMessage());
        } finally {
            CallRegistry.delete(referrer.dialog);
        }
    }

    /** The target never answered: the referrer learns it and keeps its call. */
    void onTargetTimeout(Transfer transfer) {
        if (transfer.step == Transfer.Step.CALLING_TARGET) {
            fail(transfer, Response.REQUEST_TIMEOUT, "Request Timeout");
        }
    }

    private void ackAndHangUp(Transfer transfer) throws SipException {
        try {
            transfer.targetDialog.sendAck(transfer.targetDialog.createAck(transfer.targetCSeq));
        } catch (InvalidArgumentException e) {
            throw new SipException(e.getMessage(), e);
        }
        termination.sendBye(transfer.targetDialog);
        CallRegistry.delete(transfer.targetDialog);
    }

    private void fail(Transfer transfer, int status, String reason) {
        log.info("{}: transfer to {} failed: {} {}", transfer.call, transfer.target.number(), status, reason);
        if (transfer.call.transfer == transfer) {
            transfer.call.transfer = null;
        }
        transfer.step = Transfer.Step.DONE;
        notifier.progress(transfer.call, transfer.referrer.dialog, status, reason, true);
    }
}
