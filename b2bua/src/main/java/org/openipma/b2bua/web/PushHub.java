package org.openipma.b2bua.web;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.openipma.b2bua.ConfigSnapshots;
import org.openipma.b2bua.control.CallControls;
import org.openipma.b2bua.control.LiveCall;
import org.openipma.b2bua.control.ManagerControls;
import org.openipma.b2bua.sip.call.CallEvent;
import org.openipma.b2bua.sip.call.CallEventListener;
import org.openipma.routing.Cluster;
import org.openipma.routing.IpmaConfig;
import org.openipma.routing.ManagerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes what happens to the consoles' WebSockets, as {@code docs/api.md} shows: call events, settings changes and
 * assistants' log-ins, each to the sessions whose user may see that manager (the manager, their assistants,
 * administrators). It listens where the SIP side tells ({@link CallEventListener}, {@link ManagerControls}' settings
 * and presence listeners), which call it on SIP threads under a call's lock: it only queues, on its own
 * single-thread executor, so the order of one call's events is kept and no SIP thread waits for a socket.
 *
 * <p>Bounded: a console whose socket stays unwritable (Netty's high water mark) for {@link #SLOW_CLIENT_MILLIS}
 * loses the messages meanwhile and is then closed; a full queue drops the event (logged once per second at most).
 */
final class PushHub implements CallEventListener, ManagerControls.SettingsListener, ManagerControls.PresenceListener {
    private static final Logger log = LoggerFactory.getLogger(PushHub.class);
    static final long SLOW_CLIENT_MILLIS = 5_000;

    private final ConfigSnapshots snapshots;
    private final CallControls calls;
    private final Sessions sessions;
    private final Executor executor;
    /** Each open socket, and since when it has been unwritable (0 = writable). */
    private final Map<Channel, Long> clients = new ConcurrentHashMap<>();
    private volatile long lastDropLog;

    PushHub(ConfigSnapshots snapshots, CallControls calls, Sessions sessions, Executor executor) {
        this.snapshots = snapshots;
        this.calls = calls;
        this.sessions = sessions;
        this.executor = executor;
    }

    /** A socket whose handshake completed; it leaves when it closes. */
    void add(Channel channel) {
        clients.put(channel, 0L);
        channel.closeFuture().addListener(future -> clients.remove(channel));
    }

    int size() {
        return clients.size();
    }

    @Override
    public void onCallEvent(CallEvent event) {
        queue(() -> {
            Cluster cluster = snapshots.get();
            String manager = cluster.managerOfLine(event.dialled()).map(IpmaConfig.Manager::user).orElse(null);
            Optional<LiveCall> live = event.type() == CallEvent.Type.ENDED ? Optional.empty() : calls.find(event.callId());
            Map<String, Object> call = live.map(found -> CallJson.of(found, Instant.now())).orElseGet(() ->
                    Json.object("id", event.callId(), "manager", manager, "line", event.dialled(),
                            "caller", event.caller(), "callerName", event.callerName(), "target", event.target()));
            Map<String, Object> message = Json.object("type", "call",
                    "event", event.type().name().toLowerCase(Locale.ROOT), "call", call);
            if (event.type() == CallEvent.Type.ENDED) {
                message.put("reason", event.reason());
            }
            send(cluster, manager, message);
        });
    }

    @Override
    public void settingsChanged(String manager, ManagerSettings settings) {
        queue(() -> send(snapshots.get(), manager, Json.object("type", "settings", "manager", manager,
                "settings", SettingsJson.of(settings))));
    }

    @Override
    public void presenceChanged(String assistant, String manager, boolean loggedIn) {
        queue(() -> send(snapshots.get(), manager, Json.object("type", "presence", "assistant", assistant,
                "manager", manager, "online", loggedIn)));
    }

    private void queue(Runnable push) {
        if (clients.isEmpty()) {
            // No console is open: nothing to build. Under load, building each event's JSON for nobody filled
            // the web workers' queue (5,000 calls set up at 250/s: "push queue full" every second).
            return;
        }
        try {
            executor.execute(push);
        } catch (RejectedExecutionException e) {
            long now = System.currentTimeMillis();
            if (now - lastDropLog > 1000) {
                lastDropLog = now;
                log.warn("console push queue full: an event was not pushed");
            }
        }
    }

    /** Sends {@code message} to every socket whose user sees {@code manager} (administrators only when null). */
    private void send(Cluster cluster, String manager, Map<String, Object> message) {
        if (clients.isEmpty()) {
            return;
        }
        String text = new String(Json.write(message), java.nio.charset.StandardCharsets.UTF_8);
        long now = System.currentTimeMillis();
        for (Map.Entry<Channel, Long> client : clients.entrySet()) {
            Channel channel = client.getKey();
            Session session = channel.attr(WebSocketGate.SESSION).get();
            if (session == null || !sessions.isLive(session)) {
                channel.close();
                continue;
            }
            Principal principal = Principal.of(session.user, cluster);
            if (!(principal.isAdmin() || (manager != null && principal.sees(manager)))) {
                continue;
            }
            if (channel.isWritable()) {
                client.setValue(0L);
                channel.writeAndFlush(new TextWebSocketFrame(text));
            } else if (client.getValue() == 0L) {
                client.setValue(now);
            } else if (now - client.getValue() > SLOW_CLIENT_MILLIS) {
                log.info("closing a console WebSocket of {} that reads too slowly", session.user);
                channel.close();
            }
        }
    }

}
