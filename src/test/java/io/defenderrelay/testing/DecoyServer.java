package io.defenderrelay.testing;

import io.defenderrelay.simulator.ServerIdentity;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A place the bearer token must never reach: an HTTPS listener with its own certificate (which tests make the relay
 * trust, so TLS is not what keeps the token away) and a plain HTTP listener, both on 127.0.0.1. Each answers any
 * request with an empty alerts page, so a relay that went there would carry on as if nothing happened; it records
 * every request line and the Authorization header it carried.
 */
public final class DecoyServer implements AutoCloseable {
    private static final byte[] EMPTY_PAGE = "{\"value\":[]}".getBytes(StandardCharsets.UTF_8);

    private final ServerIdentity identity = ServerIdentity.generate();
    private final HttpsServer https;
    private final HttpServer http;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    public DecoyServer() {
        try {
            InetSocketAddress loopback = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0);
            https = HttpsServer.create(loopback, 16);
            https.setHttpsConfigurator(new HttpsConfigurator(identity.serverContext()));
            http = HttpServer.create(loopback, 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (HttpServer server : List.of(https, http)) {
            server.createContext("/", this::answer);
            server.start();
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " Authorization: "
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, EMPTY_PAGE.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(EMPTY_PAGE);
            }
        }
    }

    /** {@code https://127.0.0.1:PORT}, served with {@link #certificatePem()}. */
    public String httpsUrl() {
        return "https://127.0.0.1:" + https.getAddress().getPort();
    }

    public int httpsPort() {
        return https.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String httpUrl() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    public String certificatePem() {
        return identity.certificatePem();
    }

    /** "METHOD URI Authorization: VALUE" of each request received, on either listener. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        https.stop(0);
        http.stop(0);
    }
}
