package org.openipma.b2bua;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Tests that drive an installed program (SIPp, baresip) and what to do when it is missing. */
public final class ExternalTools {
    private ExternalTools() {
    }

    /** Whether an executable {@code name} is on the PATH. */
    public static boolean isOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String directory : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(directory, name))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Skips the calling tests when the program is not installed, except on CI ({@code CI=true}), where
     * {@code .ci/run} installs it: there a missing program fails the tests instead of silently skipping them.
     *
     * @param missing what is missing and how to install it, e.g.
     *     {@code sipp is not on the PATH (Debian: apt-get install sip-tester)}
     */
    public static void requireInstalled(boolean installed, String missing) {
        if ("true".equals(System.getenv("CI"))) {
            assertTrue(installed, missing + "; .ci/run should have installed it");
        }
        assumeTrue(installed, missing + "; these tests are skipped");
    }
}
