package org.openipma.b2bua.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openipma.b2bua.cli.CliRun.ipma;

import org.junit.jupiter.api.Test;

class IpmaCommandTest {

    @Test
    void helpListsEverySubcommand() {
        CliRun run = ipma("--help");
        assertEquals(0, run.exit());
        for (String command : new String[] {"run", "analyze", "lint", "calls", "help"}) {
            assertTrue(run.outLines().stream().anyMatch(line -> line.startsWith("  " + command + " ")),
                    command + " missing from:\n" + run.out());
        }
    }

    @Test
    void versionNamesTheProgram() {
        CliRun run = ipma("--version");
        assertEquals(0, run.exit());
        assertTrue(run.outLines().get(0).startsWith("ipma "), run.out());
    }

    @Test
    void noSubcommandIsAUsageErrorOnStderr() {
        CliRun run = ipma();
        assertEquals(2, run.exit());
        assertEquals("Missing a command.", run.errLines().get(0));
        assertEquals("", run.out());
    }

    @Test
    void unknownOptionIsAUsageError() {
        CliRun run = ipma("lint", "--config", CliRun.LAB.toString(), "--colour");
        assertEquals(2, run.exit());
        assertEquals("Unknown option: '--colour'", run.errLines().get(0));
    }
}
