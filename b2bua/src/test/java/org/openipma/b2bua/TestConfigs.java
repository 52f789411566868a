package org.openipma.b2bua;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import org.openipma.routing.Cluster;
import org.openipma.routing.ConfigLoader;

/**
 * The configurations integration tests start servers with: the shipped lab ({@code config/lab.yaml} at the
 * top of the repository, so the tests prove what a user runs), and variants of it in
 * {@code src/test/resources/configs/}.
 */
public final class TestConfigs {
    /** The name that stands for the shipped {@code config/lab.yaml}. */
    public static final String LAB = "lab.yaml";

    private TestConfigs() {
    }

    /** The file for {@code name}: {@link #LAB}, or a file under {@code src/test/resources/configs/}. */
    public static Path path(String name) {
        if (LAB.equals(name)) {
            // Tests run in the module's directory (Surefire's default).
            return Path.of("..", "config", LAB);
        }
        URL resource = TestConfigs.class.getResource("/configs/" + name);
        if (resource == null) {
            throw new IllegalArgumentException("no test configuration configs/" + name);
        }
        try {
            return Path.of(resource.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("test configuration configs/" + name + " has no file path", e);
        }
    }

    /** {@link #path} loaded and compiled. */
    public static Cluster cluster(String name) {
        return ConfigLoader.loadCluster(path(name));
    }
}
