package org.openipma.b2bua.sip.limits;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openipma.routing.AddressRange;

/**
 * The TCP connections peers hold open, per source address and in all, against their caps. Trusted addresses
 * are held to the total cap only. Memory: one entry per address with a connection open, so at most
 * {@code maxConnections} entries. Thread-safe.
 */
final class TcpConnections {
    /** Why a connection was refused. */
    enum Refusal {
        PER_SOURCE("per-source-cap"), TOTAL("total-cap");

        final String reason;

        Refusal(String reason) {
            this.reason = reason;
        }
    }

    /**
     * @param idleMillis how long an accepted connection may stay silent, at least 1
     * @param perSource connections one untrusted address may hold, at least 1
     * @param total connections all addresses may hold, at least 1
     * @param trusted addresses not held to {@code perSource}
     */
    record Settings(int idleMillis, int perSource, int total, List<AddressRange> trusted) {
        Settings {
            trusted = List.copyOf(trusted);
            if (idleMillis < 1 || perSource < 1 || total < 1) {
                throw new IllegalArgumentException("idleMillis, perSource, total: " + idleMillis + ", " + perSource
                        + ", " + total + " (expected: each at least 1)");
            }
        }
    }

    private final Settings settings;
    private final Map<InetAddress, Integer> perSource = new HashMap<>();
    private int total;

    TcpConnections(Settings settings) {
        this.settings = settings;
    }

    Settings settings() {
        return settings;
    }

    /** Counts a new connection from {@code address}, or says why it is refused (and counts nothing). */
    synchronized Refusal open(InetAddress address) {
        if (total >= settings.total()) {
            return Refusal.TOTAL;
        }
        int held = perSource.getOrDefault(address, 0);
        if (held >= settings.perSource() && !trusted(address)) {
            return Refusal.PER_SOURCE;
        }
        perSource.put(address, held + 1);
        total++;
        return null;
    }

    /** Forgets one connection of {@code address}, counted by {@link #open}. */
    synchronized void closed(InetAddress address) {
        Integer held = perSource.get(address);
        if (held == null) {
            return;
        }
        if (held <= 1) {
            perSource.remove(address);
        } else {
            perSource.put(address, held - 1);
        }
        total--;
    }

    /** Connections open now. */
    synchronized int total() {
        return total;
    }

    private boolean trusted(InetAddress address) {
        for (AddressRange range : settings.trusted()) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }
}
