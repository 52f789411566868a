package org.openipma.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class AddressRangeTest {
    @Test
    void parse_cidrAndSingleAddresses() throws Exception {
        assertEquals("192.0.2.0/24", AddressRange.parse("192.0.2.77/24").toString());
        assertEquals("127.0.0.1/32", AddressRange.parse("127.0.0.1").toString());
        assertEquals("0:0:0:0:0:0:0:1/128", AddressRange.parse("::1").toString());
        assertTrue(AddressRange.parse("127.0.0.0/8").contains(InetAddress.getByName("127.0.0.2")));
        assertFalse(AddressRange.parse("127.0.0.0/8").contains(InetAddress.getByName("128.0.0.1")));
        assertTrue(AddressRange.parse("10.1.0.0/15").contains(InetAddress.getByName("10.0.255.1")));
        assertFalse(AddressRange.parse("10.1.0.0/15").contains(InetAddress.getByName("10.2.0.1")));
        assertTrue(AddressRange.parse("0.0.0.0/0").contains(InetAddress.getByName("203.0.113.9")));
        assertFalse(AddressRange.parse("::/0").contains(InetAddress.getByName("203.0.113.9")), "v4 is not in v6");
    }

    @Test
    void parse_refusesNamesAndBadPrefixes() {
        assertEquals("is not an IP address or CIDR block (expected e.g. 192.0.2.0/24 or ::1)",
                assertThrows(IllegalArgumentException.class, () -> AddressRange.parse("localhost")).getMessage());
        assertEquals("is not an IP address or CIDR block (expected e.g. 192.0.2.0/24 or ::1)",
                assertThrows(IllegalArgumentException.class, () -> AddressRange.parse("10.0.0/8")).getMessage());
        assertEquals("has a prefix length out of range (expected: 0-32)",
                assertThrows(IllegalArgumentException.class, () -> AddressRange.parse("10.0.0.0/33")).getMessage());
    }
}
