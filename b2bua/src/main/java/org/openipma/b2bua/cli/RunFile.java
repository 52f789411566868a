package org.openipma.b2bua.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code <data-dir>/ipma.pid}: the running server's process id and the configuration file it serves, one per
 * line, so {@code ipma reload} finds both. Written by {@code ipma run} at start, removed at a clean stop.
 *
 * @param pid the server's process id
 * @param config the configuration file it was started with (absolute)
 */
record RunFile(long pid, Path config) {
    static final String NAME = "ipma.pid";

    static Path in(Path dataDir) {
        return dataDir.resolve(NAME);
    }

    void write(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Files.write(in(dataDir), List.of(Long.toString(pid), config.toAbsolutePath().toString()),
                StandardCharsets.UTF_8);
    }

    /**
     * The run file in {@code dataDir}.
     *
     * @throws IOException naming the file and what is wrong with it (missing: no server was started there)
     */
    static RunFile read(Path dataDir) throws IOException {
        Path file = in(dataDir);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IOException(file + " does not exist: no ipma run with --data-dir " + dataDir + " is running");
        }
        try {
            return new RunFile(Long.parseLong(lines.get(0).trim()), Path.of(lines.get(1).trim()));
        } catch (RuntimeException e) {
            throw new IOException(file + ": expected a process id and a configuration path, one per line");
        }
    }
}
