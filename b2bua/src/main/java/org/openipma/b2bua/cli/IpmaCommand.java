package org.openipma.b2bua.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ipma}: the command line of the B2BUA, {@code bin/ipma}'s main class. It only dispatches; each
 * subcommand is a class of its own. Exit codes: 0 success, 1 a negative answer (not routed, lint findings),
 * 2 unusable input (bad options, invalid configuration); picocli's own usage errors are 2 as well.
 */
@Command(name = "ipma", mixinStandardHelpOptions = true, versionProvider = IpmaCommand.Version.class,
        description = "SIP B2BUA for Cisco IP Manager Assistant proxy-line mode.",
        // The one place subcommands are registered: a new one is a class here, nothing else to change.
        subcommands = {RunCommand.class, ReloadCommand.class, AnalyzeCommand.class, LintCommand.class,
            CallsCommand.class, HelpCommand.class})
public final class IpmaCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line as {@code bin/ipma} runs it: output and errors in UTF-8 whatever the platform default
     * ({@code →} in analyze output must not become {@code ?}), flushed at every line.
     */
    public static CommandLine commandLine() {
        return new CommandLine(new IpmaCommand())
                .setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true))
                .setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
    }

    /** {@code ipma} alone: the usage on stderr, exit 2, as for any other usage error. */
    @Override
    public Integer call() {
        spec.commandLine().getErr().println("Missing a command.");
        spec.commandLine().usage(spec.commandLine().getErr());
        return ConfigCommand.EXIT_INVALID;
    }

    /** The version Maven wrote into the jar ({@code META-INF/maven/.../pom.properties}); "development" elsewhere. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties pom = new Properties();
            try (InputStream in = IpmaCommand.class.getResourceAsStream(
                    "/META-INF/maven/org.openipma/b2bua/pom.properties")) {
                if (in != null) {
                    pom.load(in);
                }
            }
            return new String[] {"ipma " + pom.getProperty("version", "(development build)"),
                "Java " + System.getProperty("java.version")};
        }
    }
}
