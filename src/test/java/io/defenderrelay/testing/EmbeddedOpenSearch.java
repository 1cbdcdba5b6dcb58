package io.defenderrelay.testing;

import io.defenderrelay.support.Json;

import com.fasterxml.jackson.databind.JsonNode;
import org.codelibs.opensearch.runner.OpenSearchRunner;
import org.opensearch.http.HttpServerTransport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One embedded OpenSearch 2.19 node on loopback, the real {@code _bulk} receiver of the tests, shared by the
 * whole test JVM and started on first use (~10 s). Closed and its data deleted when the JVM exits.
 */
public final class EmbeddedOpenSearch {
    private static final PerJvm<EmbeddedOpenSearch> SHARED =
            new PerJvm<>("embedded OpenSearch", EmbeddedOpenSearch::new, EmbeddedOpenSearch::closeQuietly);

    private final OpenSearchRunner runner = new OpenSearchRunner();
    private final String httpUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private EmbeddedOpenSearch() throws IOException {
        Path home = Files.createTempDirectory("opensearch-");
        // a relay test's management server (Vert.x) may have fixed Netty's processor count in this JVM already;
        // OpenSearch would refuse to set it again
        System.setProperty("opensearch.set.netty.runtime.available.processors", "false");
        runner.setMaxHttpPort(-1); // the system picks the ports (0); skip the runner's own probing from 9201
        runner.onBuild((number, settings) -> settings
                .put("network.host", "127.0.0.1")
                .put("http.port", "0")
                .put("transport.port", "0"));
        runner.build(OpenSearchRunner.newConfigs()
                .numOfNode(1)
                .basePath(home.toString())
                .clusterName("defender-relay-test")
                .disableESLogger());
        runner.ensureYellow();
        httpUrl = "http://127.0.0.1:" + runner.node().injector().getInstance(HttpServerTransport.class)
                .boundAddress().publishAddress().getPort();
    }

    public static EmbeddedOpenSearch instance() {
        return SHARED.get();
    }

    /** Base URL, e.g. {@code http://127.0.0.1:40123}; {@code _bulk} is at {@code httpUrl() + "/_bulk"}. */
    public String httpUrl() {
        return httpUrl;
    }

    /** Documents in the index once everything sent so far is searchable; 0 when the index does not exist. */
    public long count(String index) {
        HttpResponse<String> refreshed = send(HttpRequest.newBuilder(uri("/" + index + "/_refresh"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        if (refreshed.statusCode() == 404) {
            return 0;
        }
        JsonNode count = json(send(HttpRequest.newBuilder(uri("/" + index + "/_count")).GET()));
        return count.path("count").asLong();
    }

    /** Deletes the index if present, so a test starts from nothing. */
    public void deleteIndex(String index) {
        send(HttpRequest.newBuilder(uri("/" + index)).DELETE());
    }

    /** Creates an index with a mapping, e.g. to provoke mapping errors. */
    public void createIndex(String index, String mappingsJson) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/" + index))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"mappings\":" + mappingsJson + "}")));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("index " + index + " not created: " + response.body());
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted talking to OpenSearch", e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return Json.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("OpenSearch answered " + response.statusCode() + " with non-JSON", e);
        }
    }

    private URI uri(String path) {
        return URI.create(httpUrl + path);
    }

    private void closeQuietly() {
        try {
            runner.close();
            runner.clean();
        } catch (IOException | RuntimeException e) {
            System.err.println("embedded OpenSearch did not close cleanly: " + e);
        }
    }
}
