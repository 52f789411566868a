package org.openipma.b2bua.web;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openipma.b2bua.sip.auth.SecurityLog;

/**
 * The HTTP server of the API, the consoles, their WebSocket and {@code /metrics}, over Netty. Small and bounded
 * on purpose — it serves a handful of consoles, and must never take threads or memory from SIP: one acceptor
 * thread, {@value #IO_THREADS} I/O threads, {@value #WORKERS} worker threads for what blocks (the database, call
 * control) with a queue of {@value #QUEUE} requests (503 beyond), one push thread, bodies of at most 64 KiB,
 * idle connections closed ({@link WebInitializer}).
 *
 * <p>{@link #start} binds or fails with a one-line {@link WebStartupException} (port in use, address not local)
 * and nothing left running; {@link #close} stops every thread it started.
 */
public final class WebServer implements AutoCloseable {
    static final int IO_THREADS = 2;
    static final int WORKERS = 2;
    static final int QUEUE = 128;
    static final int PUSH_QUEUE = 1024;

    private final EventLoopGroup boss;
    private final EventLoopGroup io;
    private final ExecutorService workers;
    private final ExecutorService push;
    private final Channel channel;
    private final PushHub hub;

    private WebServer(EventLoopGroup boss, EventLoopGroup io, ExecutorService workers, ExecutorService push,
                      Channel channel, PushHub hub) {
        this.boss = boss;
        this.io = io;
        this.workers = workers;
        this.push = push;
        this.channel = channel;
        this.hub = hub;
    }

    /**
     * Listens on {@code address:port} (port 0: any free one, see {@link #port}).
     *
     * @throws WebStartupException with one line when it cannot bind
     */
    public static WebServer start(WebContext context, String address, int port) {
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, daemon("ipma-http-accept"), NioIoHandler.newFactory());
        EventLoopGroup io = new MultiThreadIoEventLoopGroup(IO_THREADS, daemon("ipma-http-io"), NioIoHandler.newFactory());
        ExecutorService workers = new ThreadPoolExecutor(WORKERS, WORKERS, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUE), daemon("ipma-http-work"));
        ExecutorService push = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(PUSH_QUEUE), daemon("ipma-http-push"));
        Sessions sessions = new Sessions();
        Authentication authentication = new Authentication(context.snapshots(), sessions, new LoginThrottle(),
                new SecurityLog());
        PushHub hub = new PushHub(context.snapshots(), context.calls(), sessions, push);
        context.controls().addSettingsListener(hub);
        context.controls().addPresenceListener(hub);
        HttpHandler http = new HttpHandler(new ApiRouter(context, authentication), authentication,
                new StaticFiles(WebServer.class.getClassLoader()), context.metrics(), workers);
        try {
            Channel channel = new ServerBootstrap().group(boss, io)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 64)
                    .childHandler(new WebInitializer(new WebSocketGate(authentication), new WebSocketFrames(hub), http))
                    .bind(new InetSocketAddress(address, port)).syncUninterruptibly().channel();
            io.scheduleAtFixedRate(sessions::purgeExpired, 1, 1, TimeUnit.MINUTES);
            // Not logged here: the caller says it once everything listens, so a later failure stays one line.
            return new WebServer(boss, io, workers, push, channel, hub);
        } catch (Exception e) { // Netty rethrows the bind's checked BindException undeclared
            stop(boss, io, workers, push);
            Throwable cause = e instanceof BindException || e.getCause() == null ? e : e.getCause();
            throw new WebStartupException("cannot listen for HTTP on " + address + ":" + port + ": "
                    + (cause.getMessage() == null ? cause.toString() : cause.getMessage()), e);
        }
    }

    /** What pushes call events to the consoles; give it to the call controller. It only queues. */
    public org.openipma.b2bua.sip.call.CallEventListener callEvents() {
        return hub;
    }

    /** The bound port. */
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        stop(boss, io, workers, push);
    }

    private static void stop(EventLoopGroup boss, EventLoopGroup io, ExecutorService workers, ExecutorService push) {
        workers.shutdownNow();
        push.shutdownNow();
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        io.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
