package io.defenderrelay.auth;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A scripted Entra token endpoint on 127.0.0.1 over HTTPS: answers every POST with the reply the test chose and
 * records the form fields, to drive MSAL into the failures the relay must diagnose.
 */
public final class StubTokenEndpoint implements AutoCloseable {
    record Reply(int status, String json) {
        static Reply token(int n) {
            return new Reply(200, "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\"token-" + n + "\"}");
        }

        static Reply error(int status, String error, String description) {
            return new Reply(status, "{\"error\":\"" + error + "\",\"error_description\":\"" + description
                    + "\\r\\nTrace ID: 0000\\r\\nCorrelation ID: 1111\",\"error_codes\":[]}");
        }
    }

    /** One token request as received. */
    public record Request(String path, Map<String, String> form) {
    }

    private final HttpsServer server;
    private final SSLContext clientContext;
    private final X509Certificate certificate;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger served = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile IntFunction<Reply> replies = Reply::token;
    private volatile boolean stall;

    public StubTokenEndpoint(TestPki pki) throws IOException, GeneralSecurityException {
        KeyPair keys = pki.rsa(2048);
        certificate = pki.localhostServer(keys);
        char[] password = "stub".toCharArray();
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        keyStore.setKeyEntry("server", keys.getPrivate(), password, new Certificate[] {certificate});
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keyStore, password);
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(keyManagers.getKeyManagers(), null, null);

        KeyStore trustStore = KeyStore.getInstance("PKCS12");
        trustStore.load(null, null);
        trustStore.setCertificateEntry("server", certificate);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trustStore);
        clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, trustManagers.getTrustManagers(), null);

        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext));
        server.createContext("/", this::handle);
        server.start();
    }

    /** Its server certificate, for a relay trust store. */
    public Path writeCertificate(Path file) {
        return TestPki.writePem(file, certificate);
    }

    public URI baseUrl() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
    }

    SSLContext clientSslContext() {
        return clientContext;
    }

    /** The reply to the n-th request from now on (counting from 1). */
    void replyWith(IntFunction<Reply> replies) {
        served.set(0);
        this.replies = replies;
    }

    void replyAlways(Reply reply) {
        replyWith(n -> reply);
    }

    /** Holds every reply until close, so clients run into their read timeout. */
    void stall() {
        stall = true;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Request(exchange.getRequestURI().getPath(), parseForm(body)));
            if (stall) {
                release.await(30, TimeUnit.SECONDS);
                return;
            }
            Reply reply = replies.apply(served.incrementAndGet());
            byte[] json = reply.json().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(reply.status(), json.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(json);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, String> parseForm(String body) {
        return Arrays.stream(body.split("&"))
                .filter(pair -> !pair.isEmpty())
                .map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(kv -> decode(kv[0]), kv -> kv.length > 1 ? decode(kv[1]) : "", (a, b) -> b));
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
