package io.defenderrelay.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A simulated Microsoft cloud on 127.0.0.1 over HTTPS: Entra ID's token endpoint and Graph's alerts_v2 with their
 * semantics and limits, for any number of tenants. Used by the relay's demo mode, its tests and benchmarks.
 */
public final class GraphSimulator implements AutoCloseable {
    private static final int THREADS = 8;

    private final HttpsServer server;
    private final ExecutorService executor;
    private final ServerIdentity identity;
    private final SimulatorOptions options;
    private final Clock clock;
    private final String baseUrl;
    private final Map<String, SimTenant> tenants = new ConcurrentHashMap<>();
    private final RequestLog unattributed = new RequestLog();
    private final IssuedTokens issuedTokens = new IssuedTokens();
    private final TokenEndpoint tokenEndpoint;
    private final AlertsEndpoint alertsEndpoint;

    private GraphSimulator(SimulatorOptions options, Clock clock) throws IOException {
        this.options = options;
        this.clock = clock;
        this.identity = ServerIdentity.generate();
        this.server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), options.port()), 64);
        this.baseUrl = "https://127.0.0.1:" + server.getAddress().getPort();
        this.tokenEndpoint = new TokenEndpoint(this::existingTenant, issuedTokens, new ClientAssertionVerifier(),
                options.tokenLifetime(), baseUrl);
        this.alertsEndpoint = new AlertsEndpoint(issuedTokens, baseUrl, options.maxPageSize(), options.visibilityDelay());
        AtomicInteger threadNumber = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(THREADS, runnable -> {
            Thread thread = new Thread(runnable, "graph-simulator-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setHttpsConfigurator(new HttpsConfigurator(identity.serverContext()));
        server.createContext("/", this::dispatch);
        server.setExecutor(executor);
    }

    /** Starts serving on 127.0.0.1 (port 0 picks a free one). */
    public static GraphSimulator start(SimulatorOptions options) {
        try {
            GraphSimulator simulator = new GraphSimulator(options, Clock.systemUTC());
            simulator.server.start();
            return simulator;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the Graph simulator on 127.0.0.1:" + options.port()
                    + " (" + e.getMessage() + "); pick another port or 0 for a free one", e);
        }
    }

    /** {@code https://127.0.0.1:PORT}: the token endpoint ({@code /{tenant}/oauth2/v2.0/token}) and Graph both live here. */
    public String baseUrl() {
        return baseUrl;
    }

    public X509Certificate serverCertificate() {
        return identity.certificate();
    }

    /** The server certificate in PEM, for a relay trust store. */
    public String serverCertificatePem() {
        return identity.certificatePem();
    }

    /** A client TLS context that trusts exactly the simulator's certificate. */
    public SSLContext clientSslContext() {
        return identity.clientContext();
    }

    /** The tenant with this id, created (empty) on first use. Tenant ids are matched case-insensitively. */
    public SimTenant tenant(String tenantId) {
        return tenants.computeIfAbsent(key(tenantId),
                key -> new SimTenant(tenantId, options.seed() ^ (key.hashCode() * 0x9E3779B97F4A7C15L), clock));
    }

    /** Requests no tenant could be named for: no or unknown bearer token, unknown tenant, unknown path. */
    public RequestLog unattributedRequests() {
        return unattributed;
    }

    /** The access tokens handed out so far (for tests that check none of them leaked into a log or elsewhere). */
    public Set<String> issuedAccessTokens() {
        return issuedTokens.all();
    }

    public SimulatorOptions options() {
        return options;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        tenants.values().forEach(tenant -> tenant.alerts().close());
    }

    private Optional<SimTenant> existingTenant(String tenantId) {
        return Optional.ofNullable(tenants.get(key(tenantId)));
    }

    private static String key(String tenantId) {
        return tenantId.toLowerCase(Locale.ROOT);
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        try (exchange) {
            SimRequest request = new SimRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), lowerCaseHeaders(exchange),
                    exchange.getRequestBody().readAllBytes(), clock.instant(), UUID.randomUUID().toString());
            Handled handled = routeSafely(request);
            Reply reply = handled.reply()
                    .withHeader("request-id", request.requestId())
                    .withHeader("client-request-id", GraphErrorReply.clientRequestId(request));
            RecordedRequest record = new RecordedRequest(request.receivedAt(), handled.kind(), request.method(),
                    request.pathAndQuery(), request.headers(), reply.status(), handled.clientId());
            (handled.tenant() != null ? handled.tenant().requests() : unattributed).add(record);
            reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
            if (reply.body().length > 0) {
                // a stream closed short of its Content-Length throws; the server then drops the connection, which
                // is what a cut reply is for
                try (OutputStream body = exchange.getResponseBody()) {
                    body.write(reply.body(), 0, reply.sent());
                }
            }
        }
    }

    /** A failing test hook or simulator bug answers 500 with the cause instead of dropping the connection. */
    private Handled routeSafely(SimRequest request) {
        try {
            return route(request);
        } catch (RuntimeException e) {
            return other(GraphErrorReply.reply(500, "InternalServerError", "The Graph simulator failed while answering: "
                    + e, request));
        }
    }

    private Handled route(SimRequest request) {
        String path = request.path();
        if (TokenEndpoint.PATH.matcher(path).matches()) {
            if (!request.method().equals("POST")) {
                return other(Reply.text(405, "text/plain", "The token endpoint accepts POST only."));
            }
            return tokenEndpoint.handle(request);
        }
        if (path.equals(AlertsEndpoint.PATH) || path.equals(AlertsEndpoint.PATH + "/")) {
            if (!request.method().equals("GET")) {
                return other(GraphErrorReply.reply(405, "Request_BadRequest", "Method " + request.method()
                        + " is not allowed on alerts_v2; use GET.", request));
            }
            return alertsEndpoint.handle(request);
        }
        if (path.startsWith("/v1.0/")) {
            String segment = path.substring(path.lastIndexOf('/') + 1);
            return other(GraphErrorReply.reply(400, "BadRequest", "Resource not found for the segment '" + segment + "'.",
                    request));
        }
        return other(GraphErrorReply.reply(404, "NotFound", "The simulator serves " + AlertsEndpoint.PATH
                + " and /{tenant}/oauth2/v2.0/token only; " + path + " is neither.", request));
    }

    private static Handled other(Reply reply) {
        return new Handled(reply, RecordedRequest.Kind.OTHER, null, null);
    }

    private static Map<String, List<String>> lowerCaseHeaders(HttpExchange exchange) {
        Map<String, List<String>> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.merge(name.toLowerCase(Locale.ROOT), List.copyOf(values), (a, b) -> {
                    List<String> both = new ArrayList<>(a);
                    both.addAll(b);
                    return both;
                }));
        return headers;
    }
}
