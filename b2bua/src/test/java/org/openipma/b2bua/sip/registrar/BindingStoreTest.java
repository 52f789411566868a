package org.openipma.b2bua.sip.registrar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openipma.b2bua.sip.testing.MutableClock;

/** The location service alone, on a hand-moved clock; purges run when the test calls them. */
class BindingStoreTest {
    private static final String DESK = "sip:phone1@192.0.2.10:5060";
    private static final String SOFT = "sip:phone1@192.0.2.11:5060";
    private static final PhoneLine LINE_1001 = new PhoneLine("phone1", "1001");
    private static final PhoneLine LINE_1002 = new PhoneLine("phone2", "1002");

    private final MutableClock clock = new MutableClock();
    private final BindingStore store = new BindingStore(clock, Duration.ofHours(1));
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    BindingStoreTest() {
        store.addListener((line, registered) -> events.add(line.dn() + (registered ? " registered" : " gone")));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static ContactUpdate contact(String uri, int seconds) {
        return new ContactUpdate(uri, seconds, OptionalDouble.empty());
    }

    private static ContactUpdate contact(String uri, int seconds, double q) {
        return new ContactUpdate(uri, seconds, OptionalDouble.of(q));
    }

    private List<String> uris(PhoneLine line) {
        return store.contactsFor(line).stream().map(Binding::contactUri).toList();
    }

    private String nextEvent() throws InterruptedException {
        return events.poll(5, TimeUnit.SECONDS);
    }

    @Test
    void aRegistrationBindsEachContactUntilItsExpiry() {
        store.update(LINE_1001, "call-a", 1, List.of(contact(DESK, 60), contact(SOFT, 120)));

        clock.advance(Duration.ofSeconds(60));
        assertEquals(List.of(SOFT), uris(LINE_1001));
        assertEquals(60, store.contactsFor(LINE_1001).get(0).remainingSeconds(clock.instant()));
        assertEquals(1, store.bindingCount());
    }

    @Test
    void aRefreshWithTheSameCallIdAndAHigherCseqExtendsTheBinding() {
        store.update(LINE_1001, "call-a", 1, List.of(contact(DESK, 60)));
        clock.advance(Duration.ofSeconds(30));

        store.update(LINE_1001, "call-a", 2, List.of(contact(DESK, 60)));

        assertEquals(60, store.contactsFor(LINE_1001).get(0).remainingSeconds(clock.instant()));
        assertEquals(2, store.contactsFor(LINE_1001).get(0).cseq());
    }

    @Test
    void anUpdateWithTheSameCallIdAndNoHigherCseqIsRefusedAndChangesNothing() {
        store.update(LINE_1001, "call-a", 5, List.of(contact(DESK, 60)));

        BindingStore.Update update = store.update(LINE_1001, "call-a", 5, List.of(contact(SOFT, 60), contact(DESK, 0)));

        assertEquals(new BindingStore.Update.OutOfOrder(DESK, 5), update);
        assertEquals(List.of(DESK), uris(LINE_1001));
    }

    @Test
    void anotherCallIdReplacesTheBindingWhateverItsCseq() {
        store.update(LINE_1001, "call-a", 5, List.of(contact(DESK, 60)));

        store.update(LINE_1001, "call-b", 1, List.of(contact(DESK, 600)));

        assertEquals("call-b", store.contactsFor(LINE_1001).get(0).callId());
        assertEquals(600, store.contactsFor(LINE_1001).get(0).remainingSeconds(clock.instant()));
    }

    @Test
    void zeroSecondsRemovesThatContactOnly() {
        store.update(LINE_1001, "call-a", 1, List.of(contact(DESK, 60), contact(SOFT, 60)));

        BindingStore.Update update = store.update(LINE_1001, "call-a", 2, List.of(contact(DESK, 0)));

        assertEquals(List.of(SOFT), ((BindingStore.Update.Applied) update).current().stream()
                .map(Binding::contactUri).toList());
    }

    @Test
    void contactsAreListedMostPreferredFirstWithoutQCountingAsOne() {
        store.update(LINE_1001, "call-a", 1, List.of(contact("sip:a@192.0.2.1", 60, 0.5), contact("sip:b@192.0.2.2", 60),
                contact("sip:c@192.0.2.3", 60, 0.9)));

        assertEquals(List.of("sip:b@192.0.2.2", "sip:c@192.0.2.3", "sip:a@192.0.2.1"), uris(LINE_1001));
    }

    @Test
    void removeAllRemovesEveryContactUnlessOneWasSetByANewerRequest() {
        store.update(LINE_1001, "call-a", 1, List.of(contact(DESK, 60)));
        store.update(LINE_1001, "call-b", 7, List.of(contact(SOFT, 60)));

        assertEquals(new BindingStore.Update.OutOfOrder(SOFT, 7), store.removeAll(LINE_1001, "call-b", 7));
        assertEquals(2, store.bindingCount());
        assertEquals(new BindingStore.Update.Applied(List.of()), store.removeAll(LINE_1001, "call-b", 8));
        assertEquals(0, store.bindingCount());
    }

    @Test
    void listenersLearnOnlyWhenALineGainsItsFirstOrLosesItsLastBinding() throws InterruptedException {
        store.update(LINE_1001, "call-a", 1, List.of(contact(DESK, 60)));
        store.update(LINE_1001, "call-b", 1, List.of(contact(SOFT, 60)));
        store.update(LINE_1001, "call-a", 2, List.of(contact(DESK, 0)));
        store.update(LINE_1001, "call-b", 2, List.of(contact(SOFT, 0)));

        assertEquals("1001 registered", nextEvent());
        assertEquals("1001 gone", nextEvent());
        assertNull(events.poll(100, TimeUnit.MILLISECONDS));
    }

    @Test
    void aPurgeRemovesExpiredBindingsAndAnnouncesTheLineGone() throws InterruptedException {
        store.update(LINE_1001, "call-a", 1, List.of(contact(DESK, 60)));
        store.update(LINE_1002, "call-b", 1, List.of(contact(SOFT, 600)));
        clock.advance(Duration.ofSeconds(61));

        assertEquals(1, store.purgeExpired());

        assertEquals(List.of("1001 registered", "1002 registered", "1001 gone"),
                List.of(nextEvent(), nextEvent(), nextEvent()));
        assertEquals(List.of(SOFT), uris(LINE_1002));
    }

    @Test
    void aLineRegisteredAgainBeforeThePurgeIsNeverAnnouncedGone() throws InterruptedException {
        store.update(LINE_1001, "call-a", 1, List.of(contact(DESK, 60)));
        clock.advance(Duration.ofSeconds(61));

        store.update(LINE_1001, "call-b", 1, List.of(contact(DESK, 60)));
        store.purgeExpired();

        assertEquals("1001 registered", nextEvent());
        assertNull(events.poll(100, TimeUnit.MILLISECONDS));
    }

    @Test
    void aFailingListenerDoesNotKeepTheOthersFromLearning() throws InterruptedException {
        BindingStore store = new BindingStore(clock, Duration.ofHours(1));
        try {
            store.addListener((line, registered) -> {
                throw new IllegalStateException("listener bug (expected by this test)");
            });
            store.addListener((line, registered) -> events.add(line.dn()));

            store.update(LINE_1001, "call-a", 1, List.of(contact(DESK, 60)));

            assertEquals("1001", nextEvent());
        } finally {
            store.close();
        }
    }

    @Test
    void aPurgeIntervalOutOfRangeIsRefusedNamingTheRange() {
        assertEquals("purgeInterval: PT0.001S (expected: PT0.01S-PT1H)", assertThrows(IllegalArgumentException.class,
                () -> new BindingStore(clock, Duration.ofMillis(1))).getMessage());
    }

    @Test
    void registrarRulesOutOfOrderAreRefusedNamingTheRule() {
        assertEquals("defaultExpires: 30 (expected: 60-7200)", assertThrows(IllegalArgumentException.class,
                () -> RegistrarConfig.defaults().withExpires(30, 60, 7200)).getMessage());
        assertEquals("maxExpires: 10 (expected: minExpires 60 or more)", assertThrows(IllegalArgumentException.class,
                () -> RegistrarConfig.defaults().withExpires(60, 60, 10)).getMessage());
    }
}
