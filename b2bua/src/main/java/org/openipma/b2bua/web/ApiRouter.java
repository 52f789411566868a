package org.openipma.b2bua.web;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openipma.state.StateUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@code /api} endpoint of {@code docs/api.md} in one table, and the order a request goes through:
 * log-in (the only endpoint without a session) → who is asking (401 when no one) → CSRF (403) → the endpoint →
 * its answer, or its {@link ApiException} as JSON. Runs on the web executor: endpoints may block on the database.
 */
final class ApiRouter {
    private static final Logger log = LoggerFactory.getLogger(ApiRouter.class);

    @FunctionalInterface
    interface Endpoint {
        ApiResponse handle(ApiRequest request);
    }

    private record Route(String method, Pattern path, Endpoint endpoint) {
    }

    private final List<Route> routes = new ArrayList<>();
    private final Authentication authentication;

    ApiRouter(WebContext context, Authentication authentication) {
        this.authentication = authentication;
        ManagerApi managers = new ManagerApi(context);
        CallApi calls = new CallApi(context.calls());
        AdminApi admin = new AdminApi(context);
        add("GET", "/api/me", request -> ApiResponse.ok(Json.object("user", request.principal().user(),
                "roles", request.principal().roles(), "managers", request.principal().managers(),
                "csrf", request.session() == null ? null : request.session().csrf)));
        add("POST", "/api/logout", authentication::logout);
        add("GET", "/api/managers", managers::managers);
        add("GET", "/api/managers/{}/settings", managers::settings);
        add("PUT", "/api/managers/{}/settings", managers::changeSettings);
        add("GET", "/api/assistants/{}", managers::assistant);
        add("PUT", "/api/assistants/{}/presence", managers::changePresence);
        add("GET", "/api/calls", calls::list);
        add("POST", "/api/calls/{}/actions", calls::act);
        add("POST", "/api/mwi/{}", admin::messageWaiting);
        add("GET", "/api/registrations", admin::registrations);
        add("GET", "/api/records", admin::records);
        add("GET", "/api/analyze", admin::analyze);
        add("GET", "/api/lint", admin::lint);
        add("GET", "/api/health", admin::health);
    }

    private void add(String method, String template, Endpoint endpoint) {
        String regex = Pattern.quote(template).replace("{}", "\\E([^/]+)\\Q");
        routes.add(new Route(method, Pattern.compile(regex), endpoint));
    }

    /** The answer to {@code request}, an {@code /api} request; never throws. */
    ApiResponse answer(FullHttpRequest request, InetSocketAddress remote) {
        try {
            return dispatch(request, remote);
        } catch (ApiException e) {
            ApiResponse response = new ApiResponse(e.status(), e.body(), Map.of());
            for (Map.Entry<String, String> header : e.headers().entrySet()) {
                response = response.withHeader(header.getKey(), header.getValue());
            }
            return response;
        } catch (StateUnavailableException e) {
            return new ApiResponse(503, Json.object("error", "the database is unreachable: nothing was changed"),
                    Map.of());
        } catch (RuntimeException e) {
            log.warn("{} {} failed", request.method(), new QueryStringDecoder(request.uri()).path(), e);
            return new ApiResponse(500, Json.object("error", "internal error"), Map.of());
        }
    }

    private ApiResponse dispatch(FullHttpRequest request, InetSocketAddress remote) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.path();
        String method = request.method().name();
        byte[] body = new byte[request.content().readableBytes()];
        request.content().getBytes(request.content().readerIndex(), body);
        if (path.equals("/api/login") && method.equals("POST")) {
            if (!Authentication.originAllowed(request.headers())) {
                throw ApiException.forbidden("missing or wrong CSRF token");
            }
            return authentication.login(new ApiRequest(method, path, List.of(), uri.parameters(), body, null, null,
                    remote));
        }
        Authentication.Caller caller = authentication.identify(request.headers(), null, false, remote)
                .orElseThrow(() -> new ApiException(401, "login required"));
        authentication.checkCsrf(caller, method, request.headers());
        boolean pathKnown = false;
        for (Route route : routes) {
            Matcher matcher = route.path().matcher(path);
            if (!matcher.matches()) {
                continue;
            }
            pathKnown = true;
            if (!route.method().equals(method)) {
                continue;
            }
            List<String> parameters = new ArrayList<>();
            for (int i = 1; i <= matcher.groupCount(); i++) {
                parameters.add(QueryStringDecoder.decodeComponent(matcher.group(i)));
            }
            return route.endpoint().handle(new ApiRequest(method, path, parameters, uri.parameters(), body,
                    caller.principal(), caller.session(), remote));
        }
        throw pathKnown ? new ApiException(405, method + " is not allowed on " + path)
                : ApiException.notFound("no endpoint " + path);
    }
}
