package org.openipma.b2bua.web;

import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every HTTP request that is not a WebSocket handshake: {@code /api/...} to the {@link ApiRouter},
 * {@code /metrics} to the {@link MetricsExposition} (administrators; cookie, bearer or Basic), anything else to
 * the {@link StaticFiles}. The work runs on the web executor, never on the event loop, because endpoints read the
 * database; a full executor answers 503 at once. Shared by every connection.
 */
@ChannelHandler.Sharable
final class HttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(HttpHandler.class);

    private final ApiRouter api;
    private final Authentication authentication;
    private final StaticFiles files;
    private final MetricsExposition metrics;
    private final Executor executor;

    HttpHandler(ApiRouter api, Authentication authentication, StaticFiles files, MetricsExposition metrics,
                Executor executor) {
        this.api = api;
        this.authentication = authentication;
        this.files = files;
        this.metrics = metrics;
        this.executor = executor;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            send(ctx, request, json(400, Json.object("error", "malformed HTTP request")));
            return;
        }
        InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
        request.retain();
        try {
            executor.execute(() -> {
                try {
                    send(ctx, request, answer(request, remote));
                } finally {
                    request.release();
                }
            });
        } catch (RejectedExecutionException e) {
            send(ctx, request, json(503, Json.object("error", "busy: retry in a moment"))
                    .withHeader(HttpHeaderNames.RETRY_AFTER.toString(), "1"));
            request.release();
        }
    }

    /** A response to send: status, headers, bytes. */
    private record Answer(int status, Map<String, String> headers, byte[] body) {
        Answer withHeader(String name, String value) {
            Map<String, String> more = new java.util.LinkedHashMap<>(headers);
            more.put(name, value);
            return new Answer(status, more, body);
        }
    }

    private Answer answer(FullHttpRequest request, InetSocketAddress remote) {
        String rawPath = request.uri().split("\\?", 2)[0];
        String path = new QueryStringDecoder(request.uri()).path();
        if (path.equals("/api") || path.startsWith("/api/")) {
            ApiResponse response = api.answer(request, remote);
            Answer answer = new Answer(response.status(), Map.of(), response.body() == null ? new byte[0]
                    : Json.write(response.body()));
            if (response.body() != null) {
                answer = answer.withHeader(HttpHeaderNames.CONTENT_TYPE.toString(), "application/json");
            }
            for (Map.Entry<String, String> header : response.headers().entrySet()) {
                answer = answer.withHeader(header.getKey(), header.getValue());
            }
            return answer;
        }
        if (path.equals("/metrics")) {
            return metrics(request, remote);
        }
        if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
            return json(405, Json.object("error", request.method() + " is not allowed on " + path));
        }
        Optional<StaticFiles.File> file = files.find(rawPath, path);
        if (file.isEmpty()) {
            return json(404, Json.object("error", "no such page"));
        }
        StaticFiles.File found = file.get();
        Answer answer = new Answer(200, Map.of(HttpHeaderNames.CONTENT_TYPE.toString(), found.contentType(),
                HttpHeaderNames.ETAG.toString(), found.etag(), HttpHeaderNames.CACHE_CONTROL.toString(), "no-cache"),
                found.content());
        if (found.etag().equals(request.headers().get(HttpHeaderNames.IF_NONE_MATCH))) {
            return new Answer(304, answer.headers(), new byte[0]);
        }
        return answer;
    }

    private Answer metrics(FullHttpRequest request, InetSocketAddress remote) {
        if (metrics == null) {
            return json(404, Json.object("error", "no metrics are exposed"));
        }
        try {
            Authentication.Caller caller = authentication.identify(request.headers(), null, true, remote)
                    .orElseThrow(() -> new ApiException(401, "login required"));
            caller.principal().requireAdmin();
        } catch (ApiException e) {
            Answer refused = json(e.status(), e.body());
            for (Map.Entry<String, String> header : e.headers().entrySet()) {
                refused = refused.withHeader(header.getKey(), header.getValue());
            }
            return e.status() == 401 ? refused.withHeader(HttpHeaderNames.WWW_AUTHENTICATE.toString(),
                    "Basic realm=\"openipma\"") : refused;
        }
        ByteBufOutputStream out = new ByteBufOutputStream(Unpooled.buffer());
        try (out) {
            metrics.writeTo(out);
            byte[] bytes = new byte[out.buffer().readableBytes()];
            out.buffer().readBytes(bytes);
            return new Answer(200, Map.of(HttpHeaderNames.CONTENT_TYPE.toString(), metrics.contentType()), bytes);
        } catch (IOException e) {
            log.warn("metrics could not be written: {}", e.toString());
            return json(500, Json.object("error", "metrics could not be written"));
        } finally {
            out.buffer().release();
        }
    }

    private static Answer json(int status, Object body) {
        return new Answer(status, Map.of(HttpHeaderNames.CONTENT_TYPE.toString(), "application/json"),
                Json.write(body));
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest request, Answer answer) {
        boolean head = request.method().equals(HttpMethod.HEAD);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(answer.status()),
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(answer.body()));
        answer.headers().forEach((name, value) -> response.headers().set(name, value));
        if (request.uri().startsWith("/api") || request.uri().startsWith("/metrics")) {
            response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        }
        HttpUtil.setContentLength(response, answer.body().length);
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
