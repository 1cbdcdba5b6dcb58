package io.defenderrelay.bench;

import io.defenderrelay.support.Json;
import io.defenderrelay.simulator.GraphSimulator;
import io.defenderrelay.simulator.RecordedRequest;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The reference figure: the alerts_v2 requests a relay run made (the same windows, $count probes and nextLinks),
 * sent again in the same order on one thread, each page parsed with Jackson and nothing else done with it.
 */
final class RawPaging {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final GraphSimulator sim;
    private final HttpClient client;

    RawPaging(GraphSimulator sim) {
        this.sim = sim;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(sim.clientSslContext()).connectTimeout(TIMEOUT).build();
    }

    /** Replays {@code requests} with {@code token}; fails on any answer but 200. */
    Result replay(List<RecordedRequest> requests, String token) throws IOException, InterruptedException {
        Set<String> ids = new HashSet<>();
        long start = System.nanoTime();
        for (RecordedRequest recorded : requests) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sim.baseUrl() + recorded.pathAndQuery()))
                    .header("Authorization", "Bearer " + token)
                    .timeout(TIMEOUT);
            String prefer = recorded.header("Prefer");
            if (prefer != null) {
                request.header("Prefer", prefer);
            }
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new AssertionError("the raw replay of " + recorded.pathAndQuery() + " got HTTP "
                        + response.statusCode() + ": " + new String(response.body()));
            }
            for (JsonNode alert : Json.mapper().readTree(response.body()).path("value")) {
                ids.add(alert.path("id").asText());
            }
        }
        return new Result(ids, Duration.ofNanos(System.nanoTime() - start));
    }

    /** The distinct alert ids the replayed pages held, and how long the replay took. */
    record Result(Set<String> ids, Duration elapsed) {
    }
}
