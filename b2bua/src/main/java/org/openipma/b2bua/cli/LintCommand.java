package org.openipma.b2bua.cli;

import java.util.List;
import org.openipma.routing.Cluster;
import org.openipma.routing.Lint;
import org.openipma.routing.LintFinding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ipma lint}: checks a configuration against the proxy-line checklist ({@link Lint}). Exit 0 when
 * clean, 1 with findings (each: path, code, message, fix), 2 when the configuration is invalid.
 */
@Command(name = "lint", mixinStandardHelpOptions = true,
        description = {"Check a configuration against the proxy-line checklist: interception, proxy lines,"
                + " route point, CFNA, MWI, intercoms.",
            "Exit status: 0 clean, 1 findings, 2 invalid configuration."})
final class LintCommand extends ConfigCommand {
    @Option(names = "--json", description = "Print the findings as JSON.")
    boolean json;

    /** The JSON output: the file checked and its findings (empty when clean). */
    record Report(String config, List<LintFinding> findings) {
    }

    @Override
    int run(Cluster cluster) {
        List<LintFinding> findings = Lint.check(cluster);
        if (json) {
            printJson(new Report(config.toString(), findings));
        } else if (findings.isEmpty()) {
            out().println(config + ": no findings");
        } else {
            out().println(config + ": " + findings.size() + (findings.size() == 1 ? " finding" : " findings"));
            for (LintFinding finding : findings) {
                out().println(config + ": " + finding.path() + ": [" + finding.code() + "] " + finding.message());
                out().println("  fix: " + finding.fix());
            }
        }
        return findings.isEmpty() ? EXIT_OK : EXIT_NEGATIVE;
    }
}
