package org.openipma.b2bua.sip.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The digest formulas against the worked examples of the RFCs, so client and server cannot share a mistake. */
class DigestAlgorithmTest {
    private static final String RFC7616_NONCE = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    private static final String RFC7616_CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

    private static String rfc7616Response(DigestAlgorithm algorithm) {
        String ha1 = algorithm.ha1("Mufasa", "http-auth@example.org", "Circle of Life");
        return algorithm.response(ha1, RFC7616_NONCE, "00000001", RFC7616_CNONCE, "auth", "GET", "/dir/index.html");
    }

    @Test
    void md5MatchesTheExampleOfRfc7616() {
        assertEquals("8ca523f5e9506fed4657c9700eebdbec", rfc7616Response(DigestAlgorithm.MD5));
    }

    @Test
    void sha256MatchesTheExampleOfRfc7616() {
        assertEquals("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
                rfc7616Response(DigestAlgorithm.SHA_256));
    }

    @Test
    void md5MatchesTheExampleOfRfc2617() {
        String ha1 = DigestAlgorithm.MD5.ha1("Mufasa", "testrealm@host.com", "Circle Of Life");

        assertEquals("6629fae49393a05397450978507c4ef1", DigestAlgorithm.MD5.response(ha1,
                "dcd98b7102dd2f0e8b11d0f600bfb0c093", "00000001", "0a4f113b", "auth", "GET", "/dir/index.html"));
    }

    @Test
    void aMissingAlgorithmMeansMd5AndTokensAreCaseInsensitive() {
        assertEquals(Optional.of(DigestAlgorithm.MD5), DigestAlgorithm.fromToken(null));
        assertEquals(Optional.of(DigestAlgorithm.SHA_256), DigestAlgorithm.fromToken("sha-256"));
        assertEquals(Optional.empty(), DigestAlgorithm.fromToken("SHA-512-256"));
        assertEquals(Optional.empty(), DigestAlgorithm.fromToken("MD5-sess"));
    }
}
