package org.openipma.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openipma.routing.IpmaConfig.FilterMode;
import org.openipma.routing.ManagerSettings;

/**
 * The one storage suite: every store's contract, run against each engine by a subclass that says how to get a
 * new, empty database. Each test gets its own database.
 */
@Timeout(60)
abstract class StateStoreContract {
    static final Instant T0 = Instant.parse("2025-03-04T09:00:00.123Z");
    static final ManagerSettings FILTERED = new ManagerSettings(true, FilterMode.EXCLUSIVE, List.of("1003", "9.!"),
            List.of("+33XXXXXXXXX"), true, "2002", true, "alice", "bob");
    static final ManagerSettings PLAIN = new ManagerSettings(false, FilterMode.INCLUSIVE, List.of(), List.of(),
            false, null, false, null, null);

    private final List<StateDatabase> opened = new ArrayList<>();

    /** A new, empty database of the engine under test. */
    abstract StorageConfig newDatabase() throws Exception;

    StateDatabase open(StorageConfig config) {
        StateDatabase database = StateDatabase.open(config);
        opened.add(database);
        return database;
    }

    @AfterEach
    void closeDatabases() {
        opened.forEach(StateDatabase::close);
    }

    @Test
    void settingsRoundTripWithListsAndNulls() throws Exception {
        SettingsStore settings = open(newDatabase()).settings();
        settings.save("manager", FILTERED);
        settings.save("other", PLAIN);
        assertEquals(Optional.of(FILTERED), settings.load("manager"));
        assertEquals(Optional.of(PLAIN), settings.load("other"));
        assertEquals(Map.of("manager", FILTERED, "other", PLAIN), settings.loadAll());
    }

    @Test
    void settingsSaveReplacesAndResetDeletes() throws Exception {
        SettingsStore settings = open(newDatabase()).settings();
        settings.save("manager", FILTERED);
        settings.save("manager", FILTERED.withDnd(false).withSelectedAssistant(null));
        assertEquals(Optional.of(FILTERED.withDnd(false).withSelectedAssistant(null)), settings.load("manager"));
        settings.reset("manager");
        settings.reset("nobody");
        assertEquals(Optional.empty(), settings.load("manager"));
        assertEquals(Map.of(), settings.loadAll());
    }

    @Test
    void aPatternWithALineBreakIsRefused() throws Exception {
        SettingsStore settings = open(newDatabase()).settings();
        ManagerSettings broken = new ManagerSettings(true, FilterMode.INCLUSIVE, List.of("1003", "10\n04"),
                List.of(), false, null, false, null, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> settings.save("manager", broken));
        assertEquals("inclusive[1]: '10\\n04' (expected: a non-empty pattern without line breaks)", e.getMessage());
    }

    @Test
    void presenceRoundTripAndReset() throws Exception {
        PresenceStore presence = open(newDatabase()).presence();
        assertEquals(Optional.empty(), presence.loggedIn("alice", "manager"));
        presence.setLoggedIn("alice", "manager", false);
        presence.setLoggedIn("bob", "manager", true);
        presence.setLoggedIn("alice", "manager", false);
        assertEquals(Optional.of(false), presence.loggedIn("alice", "manager"));
        assertEquals(Map.of(new PresenceStore.Key("alice", "manager"), false,
                new PresenceStore.Key("bob", "manager"), true), presence.loadAll());
        presence.reset("alice", "manager");
        assertEquals(Optional.empty(), presence.loggedIn("alice", "manager"));
    }

    @Test
    void lastCallsAreTheNewestWithTheNewestLast() throws Exception {
        CallRecordStore calls = open(newDatabase()).callRecords();
        List<CallRecord> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            records.add(call("call-" + i, "100" + i, "1001", T0.plusSeconds(i)));
        }
        calls.appendAll(records.subList(0, 3));
        calls.append(records.get(3));
        calls.append(records.get(4));
        assertEquals(records.subList(2, 5), calls.last(3));
        assertEquals(records, calls.last(100));
    }

    @Test
    void anUnansweredCallWithoutLegsRoundTrips() throws Exception {
        CallRecordStore calls = open(newDatabase()).callRecords();
        CallRecord refused = new CallRecord(CallRecord.newId(), "node-a", "1003", null, "1009", "no route", List.of(),
                T0, null, T0.plusMillis(5), "no route: 1009 is not in CSS_DEFAULT");
        calls.append(refused);
        assertEquals(List.of(refused), calls.last(1));
    }

    @Test
    void callsAreFoundByCallerDialledOrLegTarget() throws Exception {
        CallRecordStore calls = open(newDatabase()).callRecords();
        CallRecord fromPhone3 = call("a", "1003", "1001", T0);
        CallRecord toAssistant = call("b", "1004", "1002", T0.plusSeconds(1));
        CallRecord unrelated = new CallRecord("c", "node-b", "1005", null, "1006", "1006 in PT_INTERNAL",
                List.of(new CallRecord.Leg("1006", "phone line", T0.plusSeconds(2))), T0.plusSeconds(2), null,
                T0.plusSeconds(30), "no answer");
        calls.appendAll(List.of(fromPhone3, toAssistant, unrelated));
        assertEquals(List.of(fromPhone3), calls.find("1003", null, null, 10));
        assertEquals(List.of(toAssistant), calls.find("1002", null, null, 10));
        assertEquals(List.of(fromPhone3, toAssistant), calls.find("2001", null, null, 10), "leg target");
        assertEquals(List.of(toAssistant), calls.find("2001", null, null, 1), "the newest within the limit");
    }

    @Test
    void callsAreFoundByTimeRange() throws Exception {
        CallRecordStore calls = open(newDatabase()).callRecords();
        List<CallRecord> records = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            records.add(call("call-" + i, "1003", "1001", T0.plusSeconds(60L * i)));
        }
        calls.appendAll(records);
        assertEquals(records.subList(1, 3), calls.find(null, T0.plusSeconds(60), T0.plusSeconds(180), 10),
                "from inclusive, until exclusive");
        assertEquals(records.subList(2, 4), calls.find("1003", T0.plusSeconds(120), null, 10));
    }

    @Test
    void aDuplicateCallIdIsRefusedAndTheBatchIsNotCommitted() throws Exception {
        CallRecordStore calls = open(newDatabase()).callRecords();
        calls.append(call("same", "1003", "1001", T0));
        assertThrows(StateUnavailableException.class, () -> calls.appendAll(
                List.of(call("new", "1003", "1001", T0.plusSeconds(1)), call("same", "1003", "1001", T0))));
        assertEquals(List.of("same"), calls.last(10).stream().map(CallRecord::id).toList());
    }

    @Test
    void theWriterBatchesEveryRecordAndFlushesOnClose() throws Exception {
        CallRecordStore calls = open(newDatabase()).callRecords();
        List<CallRecord> records = new ArrayList<>();
        try (CallRecordWriter writer = new CallRecordWriter(calls, 5000, 200, Duration.ofSeconds(60),
                Duration.ofMillis(100))) {
            for (int i = 0; i < 2000; i++) {
                CallRecord record = call(String.format("call-%04d", i), "1003", "1001", T0.plusMillis(i));
                records.add(record);
                assertTrue(writer.offer(record));
            }
            writer.close();
            assertEquals(2000, writer.written());
            assertEquals(0, writer.dropped());
            assertEquals(false, writer.offer(records.get(0)), "closed");
            assertEquals(1, writer.dropped());
        }
        assertEquals(records, calls.last(5000));
    }

    @Test
    void theWriterDropsAndCountsWhenTheQueueIsFull() throws Exception {
        StateDatabase database = StateDatabase.open(newDatabase());
        database.close(); // every batch fails: the queue fills up
        try (CallRecordWriter writer = new CallRecordWriter(database.callRecords(), 10, 5, Duration.ofSeconds(60),
                Duration.ofSeconds(10))) {
            int accepted = 0;
            for (int i = 0; i < 100; i++) {
                accepted += writer.offer(call("call-" + i, "1003", "1001", T0)) ? 1 : 0;
            }
            assertTrue(accepted <= 15, "accepted " + accepted);
            assertEquals(100 - accepted, writer.dropped());
        }
    }

    @Test
    void registrationsArePutRefreshedListedAndPurged() throws Exception {
        RegistrationStore bindings = open(newDatabase()).registrations();
        Registration phone3 = new Registration("phone3", "1003", "sip:1003@10.0.0.3:5060", T0.plusSeconds(60),
                "cid-1", 1, "node-a");
        Registration phone3Tcp = new Registration("phone3", "1003", "sip:1003@10.0.0.3:5062;transport=tcp",
                T0.plusSeconds(10), "cid-2", 1, "node-b");
        Registration shared = new Registration("phone4", "1003", "sip:1003@10.0.0.4", T0.plusSeconds(60), "cid-3", 7,
                "node-a");
        bindings.put(phone3);
        bindings.put(phone3Tcp);
        bindings.put(shared);
        Registration refreshed = new Registration("phone3", "1003", phone3.contact(), T0.plusSeconds(3600), "cid-1",
                2, "node-b");
        bindings.put(refreshed);
        assertEquals(List.of(refreshed, phone3Tcp), bindings.live("phone3", "1003", T0));
        assertEquals(List.of(refreshed), bindings.live("phone3", "1003", T0.plusSeconds(10)), "expired at 10 s");
        assertEquals(List.of(refreshed, phone3Tcp, shared), bindings.liveForLine("1003", T0));
        assertEquals(List.of(shared), bindings.liveOfNode("node-a", T0), "a node takes back its own, live ones");
        bindings.remove("phone4", "1003", shared.contact());
        assertEquals(1, bindings.purgeExpired(T0.plusSeconds(10)));
        assertEquals(List.of(refreshed), bindings.liveForLine("1003", T0));
    }

    @Test
    void twoNodesRacingForANewSecretGetTheSameBytes() throws Exception {
        StorageConfig config = newDatabase();
        SecretStore node1 = open(config).secrets();
        SecretStore node2 = open(config).secrets();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 5; round++) {
                String name = "nonce-key-" + round;
                CyclicBarrier start = new CyclicBarrier(2);
                Callable<byte[]> one = () -> { start.await(); return node1.secret(name, 32); };
                Callable<byte[]> two = () -> { start.await(); return node2.secret(name, 32); };
                Future<byte[]> first = threads.submit(one);
                Future<byte[]> second = threads.submit(two);
                assertArrayEquals(first.get(), second.get(), name);
                assertEquals(32, first.get().length);
            }
        } finally {
            threads.shutdownNow();
        }
        assertArrayEquals(node1.secret("nonce-key-0", 32), node2.secret("nonce-key-0", 32));
    }

    @Test
    void aSecretAskedWithAnotherLengthIsRefused() throws Exception {
        SecretStore secrets = open(newDatabase()).secrets();
        secrets.secret("token-key", 32);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> secrets.secret("token-key", 64));
        assertEquals("secret token-key: stored with 32 bytes, asked for 64 (one name per key)", e.getMessage());
    }

    @Test
    void reopeningMigratesNothingAndKeepsTheData() throws Exception {
        StorageConfig config = newDatabase();
        try (StateDatabase first = StateDatabase.open(config)) {
            first.settings().save("manager", FILTERED);
        }
        try (StateDatabase second = StateDatabase.open(config)) {
            assertEquals(Optional.of(FILTERED), second.settings().load("manager"));
        }
        try (StateDatabase third = StateDatabase.openExisting(config)) {
            assertEquals(Optional.of(FILTERED), third.settings().load("manager"));
        }
    }

    @Test
    void twoNodesSeeEachOthersChanges() throws Exception {
        StorageConfig config = newDatabase();
        LiveState node1 = new LiveState(open(config));
        LiveState node2 = new LiveState(open(config));
        node1.settings().save("manager", FILTERED);
        assertEquals(Optional.of(FILTERED), node2.settings().load("manager"));
        node2.settings().save("manager", FILTERED.withDivertAll(false));
        assertEquals(Optional.of(FILTERED.withDivertAll(false)), node1.settings().load("manager"));
        node2.presence().setLoggedIn("alice", "manager", false);
        assertEquals(Optional.of(false), node1.presence().loggedIn("alice", "manager"));
        node1.settings().reset("manager");
        assertEquals(Optional.empty(), node2.settings().load("manager"));
    }

    static CallRecord call(String id, String caller, String dialled, Instant start) {
        return new CallRecord(id, "node-a", caller, "Phone " + caller, dialled, dialled + " in PT_MANAGER; filter",
                List.of(new CallRecord.Leg("2001", "assistant proxy line", start.plusMillis(20)),
                        new CallRecord.Leg(dialled, "ring-no-answer: manager", start.plusSeconds(10))),
                start, start.plusSeconds(12), start.plusSeconds(40), "caller hung up");
    }
}
