package io.defenderrelay.auth;

import com.microsoft.aad.msal4j.IHttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Token requests a server drops without answering, on a plain loopback socket server that does exactly that. */
@Timeout(30)
class MsalHttpClientTest {
    private static final String TOKEN = "{\"access_token\":\"x\",\"token_type\":\"Bearer\",\"expires_in\":3599}";

    /** Answers each connection's request as {@code drop} says: close without a byte, or 200 with a token. */
    private static CompletableFuture<Void> serve(ServerSocket server, int connections, AtomicInteger requests,
                                                 java.util.function.IntPredicate drop) {
        return CompletableFuture.runAsync(() -> {
            for (int i = 0; i < connections; i++) {
                try (Socket socket = server.accept()) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                            StandardCharsets.ISO_8859_1));
                    int length = 0;
                    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                        if (line.toLowerCase().startsWith("content-length:")) {
                            length = Integer.parseInt(line.substring(15).trim());
                        }
                    }
                    in.skip(length);
                    if (drop.test(requests.incrementAndGet())) {
                        continue;
                    }
                    OutputStream out = socket.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
                            + TOKEN.length() + "\r\n\r\n" + TOKEN).getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
    }

    private static IHttpResponse requestToken(MsalHttpClient client, ServerSocket server) throws IOException {
        return client.send("POST", URI.create("http://127.0.0.1:" + server.getLocalPort() + "/tenant/oauth2/v2.0/token"),
                Map.of("Content-Type", "application/x-www-form-urlencoded"), "grant_type=client_credentials");
    }

    @Test
    void aTokenRequestDroppedWithoutAnswerIsSentOnceMore() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            AtomicInteger requests = new AtomicInteger();
            CompletableFuture<Void> served = serve(server, 2, requests, n -> n == 1);
            IHttpResponse response = requestToken(new MsalHttpClient(null, Duration.ofSeconds(10), builder -> {
            }), server);
            served.get();
            assertEquals(200, response.statusCode());
            assertEquals(TOKEN, response.body());
            assertEquals(2, requests.get(), "dropped once, then answered");
        }
    }

    @Test
    void aServerThatKeepsDroppingFailsTheRequestAfterOneRetry() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            AtomicInteger requests = new AtomicInteger();
            CompletableFuture<Void> served = serve(server, 2, requests, n -> true);
            MsalHttpClient client = new MsalHttpClient(null, Duration.ofSeconds(10), builder -> {
            });
            assertThrows(IOException.class, () -> requestToken(client, server));
            served.get();
            assertEquals(2, requests.get(), "one retry, not more");
        }
    }
}
