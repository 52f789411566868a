package org.openipma.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** An acknowledged change survives a kill -9 of the JVM that made it (embedded engine). */
@Timeout(120)
class DurabilityTest {
    private static final int CHANGES = 100;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedChangeSurvivesSigkill() throws Exception {
        Path dataDir = dir.resolve("data");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                AcknowledgingWriter.class.getName(), dataDir.toString(), Integer.toString(CHANGES))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader acks = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (int i = 0; i < CHANGES; i++) {
                assertEquals("ack " + i, acks.readLine());
            }
            child.destroyForcibly(); // SIGKILL, right after the last acknowledgement
        }
        child.waitFor(10, TimeUnit.SECONDS);
        assertEquals(137, child.exitValue(), "killed by SIGKILL");

        try (StateDatabase reopened = StateDatabase.open(StorageConfig.embedded(dataDir))) {
            for (int i = 0; i < CHANGES; i++) {
                assertEquals(Optional.of(AcknowledgingWriter.settings(i)), reopened.settings().load("manager-" + i),
                        "change " + i);
            }
            assertEquals(CHANGES, reopened.settings().loadAll().size());
        }
    }
}
