package org.openipma.b2bua.web;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * Lets a WebSocket handshake on {@code /ws} through only with a session (the cookie, or {@code ?token=<bearer>})
 * and without a foreign {@code Origin} (a page of another site cannot open a socket with the user's cookie).
 * Refused: 401 or 403 and the connection closed. Accepted: the session rides on the channel
 * ({@link #SESSION}) for the push hub. Everything that is not {@code /ws} passes untouched. Session lookups are
 * in memory, so this runs on the event loop.
 */
@ChannelHandler.Sharable
final class WebSocketGate extends ChannelInboundHandlerAdapter {
    static final String PATH = "/ws";
    static final AttributeKey<Session> SESSION = AttributeKey.valueOf("ipma.session");

    private final Authentication authentication;

    WebSocketGate(Authentication authentication) {
        this.authentication = authentication;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        if (!uri.path().startsWith(PATH)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (!uri.path().equals(PATH)) {
                refuse(ctx, msg, HttpResponseStatus.NOT_FOUND, "no such page");
                return;
            }
            if (!Authentication.originAllowed(request.headers())) {
                refuse(ctx, msg, HttpResponseStatus.FORBIDDEN, "the WebSocket refuses pages of another origin");
                return;
            }
            List<String> tokens = uri.parameters().get("token");
            Optional<Authentication.Caller> caller = authentication.identify(request.headers(),
                    tokens == null || tokens.isEmpty() ? null : tokens.get(0), false,
                    (InetSocketAddress) ctx.channel().remoteAddress());
            if (caller.isEmpty()) {
                refuse(ctx, msg, HttpResponseStatus.UNAUTHORIZED, "login required");
                return;
            }
            ctx.channel().attr(SESSION).set(caller.get().session());
        } catch (RuntimeException e) {
            ReferenceCountUtil.release(msg);
            throw e;
        }
        ctx.fireChannelRead(msg);
    }

    private static void refuse(ChannelHandlerContext ctx, Object msg, HttpResponseStatus status, String error) {
        ReferenceCountUtil.release(msg);
        byte[] body = Json.write(Json.object("error", error));
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        HttpUtil.setContentLength(response, body.length);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
