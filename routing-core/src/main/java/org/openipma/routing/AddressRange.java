package org.openipma.routing;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * A block of IP addresses written as CIDR, {@code 192.0.2.0/24}, {@code 2001:db8::/32}, or one address
 * ({@code ::1}, a /32 or /128). Literal addresses only: parsing never asks DNS.
 *
 * @param network the block's first address, its host bits zero
 * @param prefixLength the leading bits every member shares, 0-32 (IPv4) or 0-128 (IPv6)
 */
public record AddressRange(InetAddress network, int prefixLength) {
    public AddressRange {
        byte[] bytes = network.getAddress();
        if (prefixLength < 0 || prefixLength > bytes.length * 8) {
            throw new IllegalArgumentException("prefixLength: " + prefixLength + " (expected: 0-" + bytes.length * 8 + ")");
        }
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException with the rule broken, e.g. {@code is not an IP address or CIDR block
     *     (expected e.g. 192.0.2.0/24 or ::1)}
     */
    public static AddressRange parse(String text) {
        String rule = "is not an IP address or CIDR block (expected e.g. 192.0.2.0/24 or ::1)";
        int slash = text.indexOf('/');
        String host = slash < 0 ? text : text.substring(0, slash);
        // Digits, hex, dots and colons only: anything else would make InetAddress ask DNS.
        if (host.isEmpty() || !host.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')
                || (host.indexOf(':') < 0 && !host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}"))) {
            throw new IllegalArgumentException(rule);
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(rule);
        }
        int bits = address.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(rule);
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("has a prefix length out of range (expected: 0-" + bits + ")");
            }
        }
        return new AddressRange(masked(address.getAddress(), prefix), prefix);
    }

    /** Whether {@code address} is in this block; an IPv4 address is never in an IPv6 block, nor the reverse. */
    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        byte[] mine = network.getAddress();
        if (candidate.length != mine.length) {
            return false;
        }
        return Arrays.equals(masked(candidate, prefixLength).getAddress(), mine);
    }

    private static InetAddress masked(byte[] bytes, int prefix) {
        byte[] masked = bytes.clone();
        for (int i = 0; i < masked.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            masked[i] &= (byte) (0xff << (8 - keep));
        }
        try {
            return InetAddress.getByAddress(masked);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of " + masked.length + " bytes", e);
        }
    }

    /** {@code 192.0.2.0/24}. */
    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }
}
