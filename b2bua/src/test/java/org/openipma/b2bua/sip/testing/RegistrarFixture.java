package org.openipma.b2bua.sip.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openipma.b2bua.sip.auth.AuthFailures;
import org.openipma.b2bua.sip.auth.CredentialStore;
import org.openipma.b2bua.sip.auth.DigestAlgorithm;
import org.openipma.b2bua.sip.auth.DigestAuthenticator;
import org.openipma.b2bua.sip.auth.DigestCredentials;
import org.openipma.b2bua.sip.registrar.BindingStore;
import org.openipma.b2bua.sip.registrar.LineOwnership;
import org.openipma.b2bua.sip.registrar.Registrar;
import org.openipma.b2bua.sip.registrar.RegistrarConfig;
import org.openipma.b2bua.sip.stack.SipEndpoint;
import org.openipma.b2bua.sip.stack.SipStackFactory;
import org.openipma.b2bua.sipp.LoopbackPorts;

/**
 * A registrar listening on 127.0.0.1 at a free port, on a {@link MutableClock}, with three users:
 * <ul>
 *   <li>{@code phone1} / {@value #PHONE1_PASSWORD}, owning line 1001;</li>
 *   <li>{@code phone2}, known only by precomputed HA1 (password {@value #PHONE2_PASSWORD}), owning 1002;</li>
 *   <li>{@code phone3} / {@value #PHONE3_PASSWORD}, owning 1003.</li>
 * </ul>
 * Lines 1001-1003 exist, nothing else. {@link #phone} starts phones that {@link #close()} stops with the
 * server, so a test cannot leak a stack.
 */
public final class RegistrarFixture implements AutoCloseable {
    public static final String PHONE1_PASSWORD = "secret-1";
    public static final String PHONE2_PASSWORD = "secret-2";
    public static final String PHONE3_PASSWORD = "secret-3";
    private static final String REALM = RegistrarConfig.DEFAULT_DOMAIN;
    private static final Map<String, Set<String>> LINES_BY_USER =
            Map.of("phone1", Set.of("1001"), "phone2", Set.of("1002"), "phone3", Set.of("1003"));

    private final MutableClock clock = new MutableClock();
    private final BindingStore bindings;
    private final SipEndpoint endpoint;
    private final List<TestPhone> phones = new ArrayList<>();

    private RegistrarFixture(RegistrarConfig config, Duration purgeInterval, SipStackFactory.TcpIo tcpIo,
                             AuthFailures.Settings bans) {
        this.bindings = new BindingStore(clock, purgeInterval);
        DigestAuthenticator authenticator = new DigestAuthenticator(REALM, credentials(),
                DigestAuthenticator.DEFAULT_NONCE_LIFETIME, DigestAuthenticator.DEFAULT_ALGORITHMS, clock, null,
                new AuthFailures(bans, clock));
        Registrar registrar = new Registrar(config, authenticator, lines(), bindings);
        try {
            this.endpoint = SipEndpoint.open(SipStackFactory.Settings.defaults("registrar").withTcpIo(tcpIo), REALM,
                    LoopbackPorts.freeUdpAndTcp(), new RegistrarSipListener(registrar));
        } catch (RuntimeException e) {
            bindings.close();
            throw e;
        }
    }

    /** The default rules, purging every 50 ms. */
    public static RegistrarFixture start() {
        return start(RegistrarConfig.defaults());
    }

    /** These rules, purging every 50 ms. */
    public static RegistrarFixture start(RegistrarConfig config) {
        return start(config, SipStackFactory.Settings.defaults("registrar").tcpIo());
    }

    /** These rules, purging every 50 ms, serving TCP with {@code tcpIo}. */
    public static RegistrarFixture start(RegistrarConfig config, SipStackFactory.TcpIo tcpIo) {
        return new RegistrarFixture(config, Duration.ofMillis(50), tcpIo, AuthFailures.Settings.defaults());
    }

    /** The default rules, banning sources as {@code bans} says. */
    public static RegistrarFixture start(AuthFailures.Settings bans) {
        return new RegistrarFixture(RegistrarConfig.defaults(), Duration.ofMillis(50),
                SipStackFactory.Settings.defaults("registrar").tcpIo(), bans);
    }

    private static CredentialStore credentials() {
        DigestCredentials phone2 = DigestCredentials.ofHa1("phone2", REALM, Map.of(
                DigestAlgorithm.MD5, DigestAlgorithm.MD5.ha1("phone2", REALM, PHONE2_PASSWORD),
                DigestAlgorithm.SHA_256, DigestAlgorithm.SHA_256.ha1("phone2", REALM, PHONE2_PASSWORD).toUpperCase()));
        Map<String, DigestCredentials> users = Map.of(
                "phone1", DigestCredentials.ofPassword("phone1", PHONE1_PASSWORD),
                "phone2", phone2,
                "phone3", DigestCredentials.ofPassword("phone3", PHONE3_PASSWORD));
        return user -> Optional.ofNullable(users.get(user));
    }

    private static LineOwnership lines() {
        return new LineOwnership() {
            @Override
            public boolean lineExists(String dn) {
                return LINES_BY_USER.values().stream().anyMatch(lines -> lines.contains(dn));
            }

            @Override
            public boolean owns(String user, String dn) {
                return LINES_BY_USER.getOrDefault(user, Set.of()).contains(dn);
            }
        };
    }

    /** A phone that this fixture stops on close. */
    public TestPhone phone(String user, String password) {
        return phoneAt("127.0.0.1", user, password);
    }

    /** A phone sending from {@code ownHost} (see {@link TestPhone#at}) that this fixture stops on close. */
    public TestPhone phoneAt(String ownHost, String user, String password) {
        TestPhone phone = TestPhone.at(ownHost, user, password);
        phones.add(phone);
        return phone;
    }

    /** The port the registrar listens on, UDP and TCP. */
    public int port() {
        return endpoint.port();
    }

    /** The registrar's clock. */
    public MutableClock clock() {
        return clock;
    }

    /** The registrar's location service. */
    public BindingStore bindings() {
        return bindings;
    }

    /**
     * Stops phones and server together, each on a thread of its own that ends with it: every JAIN-SIP stack
     * takes a second to stop (a fixed sleep in the RI), and a pool would outlive the test.
     */
    @Override
    public void close() {
        List<Thread> stopping = new ArrayList<>();
        phones.forEach(phone -> stopping.add(new Thread(phone::close, "stop-" + phone)));
        stopping.add(new Thread(endpoint::close, "stop-registrar"));
        stopping.forEach(Thread::start);
        for (Thread thread : stopping) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        bindings.close();
    }
}
