package org.openipma.b2bua.registrar;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sip.address.URI;
import org.openipma.b2bua.sip.call.Locations;

/**
 * The location service: for each line of each phone (user and DN), the contacts it registered and when
 * each expires. Thread-safe. Expired bindings are never returned and are removed by {@link #purgeExpired},
 * which the server runs on a timer, so a phone that vanishes stops ringing without any request.
 */
public final class BindingStore implements Locations {
    private final Map<String, Map<String, Binding>> bindings = new ConcurrentHashMap<>();

    /** One registered contact. */
    public record Binding(URI contact, long expiresAtMillis, String callId, long cseq) {
        long remainingSeconds(long now) {
            return Math.max(0, (expiresAtMillis - now + 999) / 1000);
        }
    }

    private static String key(String user, String dn) {
        return user + "\n" + dn;
    }

    /** Live bindings of a line, in no particular order. */
    public List<Binding> bindings(String user, String dn) {
        Map<String, Binding> line = bindings.get(key(user, dn));
        List<Binding> live = new ArrayList<>();
        if (line != null) {
            long now = System.currentTimeMillis();
            for (Binding binding : line.values()) {
                if (binding.expiresAtMillis() > now) {
                    live.add(binding);
                }
            }
        }
        return live;
    }

    @Override
    public List<URI> contacts(String user, String dn) {
        List<URI> contacts = new ArrayList<>();
        for (Binding binding : bindings(user, dn)) {
            contacts.add(binding.contact());
        }
        return contacts;
    }

    /**
     * Adds, refreshes or (with {@code expiresSeconds == 0}) removes one contact. A request older than the
     * binding (same Call-ID, lower or equal CSeq) is ignored, as RFC 3261 §10.3 step 7 asks.
     */
    public void update(String user, String dn, URI contact, int expiresSeconds, String callId, long cseq) {
        Map<String, Binding> line = bindings.computeIfAbsent(key(user, dn), k -> new ConcurrentHashMap<>());
        String id = contact.toString();
        Binding existing = line.get(id);
        if (existing != null && existing.callId().equals(callId) && existing.cseq() >= cseq) {
            return;
        }
        if (expiresSeconds == 0) {
            line.remove(id);
        } else {
            line.put(id, new Binding(contact, System.currentTimeMillis() + expiresSeconds * 1000L, callId, cseq));
        }
    }

    /** Removes every contact of a line ({@code Contact: *}). */
    public void removeAll(String user, String dn) {
        bindings.remove(key(user, dn));
    }

    /** Drops expired bindings; returns how many. */
    public int purgeExpired() {
        long now = System.currentTimeMillis();
        int removed = 0;
        for (Map<String, Binding> line : bindings.values()) {
            for (Map.Entry<String, Binding> entry : line.entrySet()) {
                if (entry.getValue().expiresAtMillis() <= now && line.remove(entry.getKey(), entry.getValue())) {
                    removed++;
                }
            }
        }
        bindings.values().removeIf(Map::isEmpty);
        return removed;
    }

    /** Live bindings, all lines together. */
    public int size() {
        int count = 0;
        for (Map<String, Binding> line : bindings.values()) {
            count += line.size();
        }
        return count;
    }
}
