package org.openipma.b2bua.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;

/** One in-process run of {@code ipma} on a fresh command line, with what it printed. */
record CliRun(int exit, String out, String err) {
    /** The lab configuration, seen from the b2bua module (Maven runs tests there). */
    static final Path LAB = Path.of("..", "config", "lab.yaml");

    static CliRun ipma(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new IpmaCommand())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }

    List<String> outLines() {
        return out.lines().toList();
    }

    List<String> errLines() {
        return err.lines().toList();
    }
}
