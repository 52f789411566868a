package org.openipma.b2bua.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.openipma.routing.ConfigException;
import org.openipma.routing.ConfigLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ipma reload}: makes the running server read its configuration file again, as {@code SIGHUP} does. The
 * file is checked here first: a bad one is refused with the same one-line error as at start (exit 2) and the
 * server is not disturbed. Calls in progress keep the configuration they started with.
 */
@Command(name = "reload", mixinStandardHelpOptions = true,
        description = "Reload the running server's configuration file (validated first; calls in progress keep theirs).")
public final class ReloadCommand implements Callable<Integer> {

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = RunCommand.DEFAULT_DATA_DIR,
            description = "The running server's --data-dir; default: ${DEFAULT-VALUE}.")
    Path dataDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        RunFile run;
        try {
            run = RunFile.read(dataDir);
            ConfigLoader.loadCluster(run.config());
        } catch (IOException | ConfigException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 2;
        }
        Optional<ProcessHandle> server = ProcessHandle.of(run.pid()).filter(ProcessHandle::isAlive);
        if (server.isEmpty()) {
            spec.commandLine().getErr().println(RunFile.in(dataDir) + " names process " + run.pid()
                    + ", which is not running");
            return 1;
        }
        try {
            // Java can only send SIGTERM and SIGKILL; kill(1) is on every system bin/ipma runs on.
            int exit = new ProcessBuilder("kill", "-HUP", Long.toString(run.pid())).inheritIO().start().waitFor();
            if (exit != 0) {
                spec.commandLine().getErr().println("kill -HUP " + run.pid() + " failed (exit " + exit + ")");
                return 1;
            }
        } catch (IOException e) {
            spec.commandLine().getErr().println("cannot run kill: " + e.getMessage());
            return 1;
        }
        spec.commandLine().getOut().println("reloading " + run.config() + " in ipma (pid " + run.pid() + ")");
        return 0;
    }
}
