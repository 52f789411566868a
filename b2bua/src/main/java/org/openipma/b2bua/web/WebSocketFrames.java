package org.openipma.b2bua.web;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

/**
 * The consoles' side of {@code /ws}: once the handshake completed, the socket joins the {@link PushHub}. The
 * socket is push-only: what a console sends is read and dropped (ping, pong and close are Netty's).
 */
@ChannelHandler.Sharable
final class WebSocketFrames extends SimpleChannelInboundHandler<WebSocketFrame> {
    private final PushHub hub;

    WebSocketFrames(PushHub hub) {
        this.hub = hub;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            hub.add(ctx.channel());
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        // Push-only: nothing a console sends is acted on.
    }
}
