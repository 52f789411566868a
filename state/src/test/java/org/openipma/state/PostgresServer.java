package org.openipma.state;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL server for tests: Debian's binaries ({@code apt-get install postgresql}, found under
 * {@code /usr/lib/postgresql/VERSION/bin}, or {@code $IPMA_PG_BIN}), a cluster in a temporary directory,
 * listening on 127.0.0.1 on a free port. PostgreSQL refuses to run as root: as root, the cluster belongs to
 * user {@code postgres} and every command runs through {@code runuser -u postgres}.
 *
 * <p>Without the binaries the tests are skipped, except under {@code CI=true}, where they fail: CI must never
 * pass without having run them.
 *
 * <p>Public, and packaged in the module's test-jar, for the b2bua's tests of nodes sharing a database and of
 * a database lost while the server runs.
 */
public final class PostgresServer implements AutoCloseable {
    public static final String USER = "ipma";
    public static final String PASSWORD = "s3cret-pw";

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean asPostgres;

    private PostgresServer(Path bin, Path dir, int port, boolean asPostgres) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asPostgres = asPostgres;
    }

    /** Creates a cluster and starts it; skips (or fails under CI=true) when PostgreSQL is not installed. */
    public static PostgresServer start() throws Exception {
        Path bin = binaries();
        if (bin == null) {
            String why = "PostgreSQL binaries not found (apt-get install postgresql, or set IPMA_PG_BIN)";
            if ("true".equals(System.getenv("CI"))) {
                fail(why + ": CI must run the PostgreSQL tests");
            }
            assumeTrue(false, why);
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("ipma-pg-");
        Files.writeString(dir.resolve("pwfile"), PASSWORD + "\n");
        if (root) {
            UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName("postgres");
            Files.setOwner(dir, postgres);
            Files.setOwner(dir.resolve("pwfile"), postgres);
        }
        PostgresServer server = new PostgresServer(bin, dir, freePort(), root);
        server.run("initdb", "-D", server.data(), "-U", USER, "--pwfile=" + dir.resolve("pwfile"),
                "--auth=scram-sha-256", "-E", "UTF8", "--no-sync");
        server.startAgain();
        return server;
    }

    /** Starts the (stopped) server again, on the same port. */
    public void startAgain() throws IOException, InterruptedException {
        run("pg_ctl", "-D", data(), "-l", dir.resolve("server.log").toString(), "-w", "-t", "30", "-o",
                "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dir + " -c fsync=off", "start");
    }

    /** Stops the server at once: connections are cut, as when a database host goes away. */
    public void stop() throws IOException, InterruptedException {
        run("pg_ctl", "-D", data(), "-m", "immediate", "-w", "stop");
    }

    /** A new, empty database on this server: no state shared between tests. */
    public StorageConfig newDatabase() throws SQLException {
        String name = "ipma_test_" + DATABASES.incrementAndGet();
        try (Connection admin = DriverManager.getConnection(url("postgres"), USER, PASSWORD);
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return StorageConfig.postgresql(url(name), USER, PASSWORD);
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    @Override
    public void close() throws Exception {
        try {
            run("pg_ctl", "-D", data(), "-m", "immediate", "-w", "stop");
        } catch (IOException e) {
            // already stopped
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private String data() {
        return dir.resolve("data").toString();
    }

    private void run(String tool, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (asPostgres) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(bin.resolve(tool).toString());
        command.addAll(List.of(args));
        Path output = Files.createTempFile("ipma-pg-" + tool, ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                .start();
        boolean done = process.waitFor(60, TimeUnit.SECONDS);
        String printed = Files.readString(output);
        Files.delete(output);
        if (!done || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: " + printed);
        }
    }

    private static Path binaries() throws IOException {
        String configured = System.getenv("IPMA_PG_BIN");
        if (configured != null) {
            Path bin = Path.of(configured);
            return Files.isExecutable(bin.resolve("initdb")) ? bin : null;
        }
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb")))
                    .max(Comparator.comparing(bin -> versionNumber(bin.getParent())))
                    .orElse(null);
        }
    }

    private static int versionNumber(Path dir) {
        try {
            return Integer.parseInt(dir.getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
