package org.openipma.b2bua.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.openipma.b2bua.ConfigSnapshots;
import org.openipma.b2bua.IpmaServer;
import org.openipma.b2bua.web.HttpListen;
import org.openipma.routing.Cluster;
import org.openipma.routing.ConfigException;
import org.openipma.routing.ConfigLoader;
import org.openipma.routing.IpmaConfig;
import org.openipma.state.StateDatabase;
import org.openipma.state.StateUnavailableException;
import org.openipma.state.StorageConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * {@code ipma run}: starts the B2BUA and serves until SIGTERM or Ctrl-C. A bad configuration or a port in use
 * is one line on stderr and exit code 2, never a hung JVM.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Start the B2BUA (SIP on UDP and TCP) and serve until stopped.")
public final class RunCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);
    /** Exit code after a fatal error of the JVM (out of memory). */
    static final int EXIT_FATAL = 3;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "Configuration file, e.g. config/lab.yaml.")
    Path config;

    @Option(names = "--sip-port", paramLabel = "N", description = "SIP port (UDP and TCP); default: sip.port of the config.")
    Integer sipPort;

    @Option(names = "--http-port", paramLabel = "N", description = "HTTP port of the API and consoles; default: http.port of the config (8080).")
    Integer httpPort;

    /** Default {@code --data-dir}, relative to the working directory. */
    static final String DEFAULT_DATA_DIR = "data";

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = DEFAULT_DATA_DIR,
            description = "Directory for the embedded database and the run file; default: ${DEFAULT-VALUE}.")
    Path dataDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (sipPort != null && (sipPort < 1 || sipPort > 65535)) {
            spec.commandLine().getErr().println("--sip-port: " + sipPort + " (expected: 1-65535)");
            return 2;
        }
        if (httpPort != null && (httpPort < 1 || httpPort > 65535)) {
            spec.commandLine().getErr().println("--http-port: " + httpPort + " (expected: 1-65535)");
            return 2;
        }
        Cluster cluster;
        try {
            cluster = ConfigLoader.loadCluster(config);
        } catch (ConfigException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 2;
        }
        // JAIN-SIP ends a TCP connection's reader thread by throwing (e.g. a message over the size limit);
        // the JVM would print that as a stack trace on stderr. It is one peer's fault: one log line.
        Thread.setDefaultUncaughtExceptionHandler(RunCommand::threadEnded);
        String host = cluster.config().sip().address();
        int port = sipPort != null ? sipPort : cluster.config().sip().port();
        StateDatabase database;
        try {
            database = StateDatabase.open(storage(cluster.config().database()));
        } catch (StateUnavailableException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 2;
        }
        IpmaServer server;
        try {
            IpmaConfig.Http http = cluster.config().http();
            server = IpmaServer.start(new ConfigSnapshots(cluster), host, port, database, null,
                    new HttpListen(http.address(), httpPort != null ? httpPort : http.port(), null));
        } catch (IllegalStateException e) {
            database.close();
            spec.commandLine().getErr().println(e.getMessage());
            return 2;
        }
        try {
            new RunFile(ProcessHandle.current().pid(), config).write(dataDir);
        } catch (IOException e) {
            log.warn("cannot write {}: {} (ipma reload will not find this server)", RunFile.in(dataDir), e.toString());
        }
        // SIGHUP (or ipma reload): read the file again; a bad one leaves the running configuration in force.
        // A process started with SIGHUP ignored (nohup) keeps ignoring it: the JVM installs no handler then.
        if (Signal.handle(new Signal("HUP"), signal -> reload(server)) == SignalHandler.SIG_IGN) {
            log.warn("SIGHUP is ignored by this process (started under nohup?): ipma reload and kill -HUP cannot "
                    + "reach it; to reload, restart it, or start it without nohup (e.g. under systemd)");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping ({} calls in progress)", server.liveCallCount());
            server.close();
            deleteRunFile();
            stopped.countDown();
        }, "ipma-shutdown"));
        log.info("serving {} (domain {}); stop with Ctrl-C or SIGTERM", config, cluster.config().sip().domain());
        stopped.await();
        return 0;
    }

    /** The database of the configuration's {@code database:} section, else the embedded one in {@code --data-dir}. */
    private StorageConfig storage(IpmaConfig.Database database) {
        return database == null ? StorageConfig.embedded(dataDir)
                : StorageConfig.postgresql(database.url(), database.user(), database.password());
    }

    /** Reads the configuration file again and puts it in force, or logs why not (the old one stays). */
    private void reload(IpmaServer server) {
        try {
            server.reload(ConfigLoader.loadCluster(config));
            log.info("reloaded {}: new calls use it; {} call(s) in progress keep theirs", config,
                    server.liveCallCount());
        } catch (ConfigException e) {
            log.warn("reload refused, the running configuration stays: {}", e.getMessage());
        }
    }

    private void deleteRunFile() {
        try {
            Files.deleteIfExists(RunFile.in(dataDir));
        } catch (IOException e) {
            log.info("cannot remove {}: {}", RunFile.in(dataDir), e.toString());
        }
    }

    /**
     * A thread died. One peer's bad message ending a JAIN-SIP reader is one log line. Out of memory (or any
     * {@link VirtualMachineError}) is fatal: the stack's threads do not come back, and a server deaf on
     * UDP but still running would look alive to its supervisor. It exits 3 at once (no shutdown hook: it
     * would need memory too), so the supervisor restarts it. {@code bin/ipma} also passes
     * {@code -XX:+ExitOnOutOfMemoryError}, which covers the errors JAIN-SIP catches itself.
     */
    private static void threadEnded(Thread thread, Throwable e) {
        if (e instanceof VirtualMachineError) {
            log.error("thread {} ended: {}; exiting (raise the heap with JAVA_OPTS=-Xmx..., or lower sip.maxCalls)",
                    thread.getName(), e.toString());
            Runtime.getRuntime().halt(EXIT_FATAL);
        }
        log.warn("thread {} ended: {}", thread.getName(), e.toString());
    }
}
