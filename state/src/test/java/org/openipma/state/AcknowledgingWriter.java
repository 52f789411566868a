package org.openipma.state;

import java.nio.file.Path;
import org.openipma.routing.IpmaConfig.FilterMode;
import org.openipma.routing.ManagerSettings;

/**
 * The child JVM of {@link DurabilityTest}: saves {@code count} settings changes in the embedded database of
 * {@code dataDir}, printing "ack N" once each save returned (was acknowledged), then waits to be killed.
 */
public final class AcknowledgingWriter {
    private AcknowledgingWriter() {
    }

    public static void main(String[] args) throws InterruptedException {
        StateDatabase database = StateDatabase.open(StorageConfig.embedded(Path.of(args[0])));
        int count = Integer.parseInt(args[1]);
        for (int i = 0; i < count; i++) {
            database.settings().save("manager-" + i, settings(i));
            System.out.println("ack " + i);
            System.out.flush();
        }
        Thread.sleep(Long.MAX_VALUE);
    }

    static ManagerSettings settings(int i) {
        return new ManagerSettings(i % 2 == 0, FilterMode.INCLUSIVE, java.util.List.of("10" + i), java.util.List.of(),
                true, "2" + i, false, null, "assistant-" + i);
    }
}
