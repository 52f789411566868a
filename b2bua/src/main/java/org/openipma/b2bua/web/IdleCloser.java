package org.openipma.b2bua.web;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * Frees idle connections, told by the {@code IdleStateHandler} in front: an HTTP connection idle both ways is
 * closed; a WebSocket idle both ways is pinged (its pong is a read), and one that has read nothing — not even a
 * pong — for the reader limit is closed, so a console that vanished without a FIN does not hold a connection.
 */
@ChannelHandler.Sharable
final class IdleCloser extends ChannelDuplexHandler {
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent idle) {
            boolean webSocket = ctx.channel().hasAttr(WebSocketGate.SESSION);
            if (webSocket && idle.state() == IdleState.ALL_IDLE) {
                ctx.writeAndFlush(new PingWebSocketFrame());
            } else {
                ctx.close();
            }
            return;
        }
        super.userEventTriggered(ctx, event);
    }
}
