package org.openipma.b2bua.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.openipma.routing.Cluster;
import org.openipma.routing.ConfigException;
import org.openipma.routing.ConfigLoader;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A subcommand that reads one configuration ({@code --config FILE}) and answers about it. It owns the exit
 * codes and the error contract: an invalid configuration or an unusable option value is one line on
 * stderr (the {@link ConfigException} message: file, path, value, rule) and exit {@value #EXIT_INVALID},
 * never a stack trace. Output goes to picocli's writers, so tests capture it and nothing here logs.
 */
abstract class ConfigCommand implements Callable<Integer> {
    /** The answer is yes: the digits route, the configuration is clean. */
    static final int EXIT_OK = 0;
    /** The answer is no: the digits do not route, lint has findings. */
    static final int EXIT_NEGATIVE = 1;
    /** The question cannot be answered: invalid configuration, unknown line, bad option. */
    static final int EXIT_INVALID = 2;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = "--config", required = true, paramLabel = "FILE",
            description = "Configuration file, e.g. config/lab.yaml.")
    Path config;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        Cluster cluster;
        try {
            cluster = ConfigLoader.loadCluster(config);
        } catch (ConfigException e) {
            return refuse(e.getMessage());
        }
        try {
            return run(cluster);
        } catch (Refusal e) {
            return refuse(e.getMessage());
        }
    }

    /**
     * Answers about a valid configuration.
     *
     * @return the exit code, {@link #EXIT_OK} or {@link #EXIT_NEGATIVE}
     * @throws Refusal when an option names something the configuration does not have
     */
    abstract int run(Cluster cluster);

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Writes {@code value} (records, lists, strings) as indented JSON on stdout. */
    void printJson(Object value) {
        try {
            out().println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private int refuse(String message) {
        spec.commandLine().getErr().println(message);
        return EXIT_INVALID;
    }

    /** An option value the configuration cannot satisfy; the message names the option, the value and why. */
    static final class Refusal extends RuntimeException {
        Refusal(String message) {
            super(message);
        }
    }
}
