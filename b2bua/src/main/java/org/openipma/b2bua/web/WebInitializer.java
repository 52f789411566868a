package org.openipma.b2bua.web;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateHandler;

/**
 * The pipeline of one HTTP connection, front to back: idle detection → HTTP codec (request line and headers
 * bounded) → security headers on every answer → body aggregation (at most {@link #MAX_BODY} bytes, 413 beyond)
 * → idle handling → the WebSocket gate and protocol on {@code /ws} → everything else ({@link HttpHandler}).
 */
final class WebInitializer extends ChannelInitializer<SocketChannel> {
    /** Largest request body: 64 KiB (a settings change is well under 1 KiB). */
    static final int MAX_BODY = 64 * 1024;
    /** An HTTP connection idle this long is closed; a WebSocket idle this long is pinged. */
    static final int IDLE_SECONDS = 30;
    /** A WebSocket that read nothing, not even a pong, this long is closed. */
    static final int WEBSOCKET_SILENCE_SECONDS = 120;
    /** A socket with this much unsent is unwritable until it drains below the low mark. */
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 256 * 1024);

    private final SecurityHeaders securityHeaders = new SecurityHeaders();
    private final IdleCloser idleCloser = new IdleCloser();
    private final WebSocketGate gate;
    private final WebSocketFrames frames;
    private final HttpHandler http;

    WebInitializer(WebSocketGate gate, WebSocketFrames frames, HttpHandler http) {
        this.gate = gate;
        this.frames = frames;
        this.http = http;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        channel.config().setWriteBufferWaterMark(WATER_MARK);
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast(new IdleStateHandler(WEBSOCKET_SILENCE_SECONDS, 0, IDLE_SECONDS));
        pipeline.addLast(new HttpServerCodec(4096, 16 * 1024, 8192));
        pipeline.addLast(securityHeaders);
        pipeline.addLast(new HttpObjectAggregator(MAX_BODY));
        pipeline.addLast(idleCloser);
        pipeline.addLast(gate);
        pipeline.addLast(new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(WebSocketGate.PATH)
                .checkStartsWith(true)
                .maxFramePayloadLength(8192)
                .handshakeTimeoutMillis(10_000)
                .dropPongFrames(true)
                .build()));
        pipeline.addLast(frames);
        pipeline.addLast(http);
    }
}
