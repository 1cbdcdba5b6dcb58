package io.defenderrelay.testing;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddedOpenSearchTest {
    private final EmbeddedOpenSearch search = EmbeddedOpenSearch.instance();

    @Test
    void countsDocumentsIndexedThroughBulkOnLoopback() throws Exception {
        search.deleteIndex("smoke");
        String body = "{\"create\":{\"_index\":\"smoke\",\"_id\":\"a\"}}\n{\"n\":1}\n"
                + "{\"create\":{\"_index\":\"smoke\",\"_id\":\"b\"}}\n{\"n\":2}\n";

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(search.httpUrl() + "/_bulk"))
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode());
        assertTrue(search.httpUrl().startsWith("http://127.0.0.1:"));
        assertEquals(2, search.count("smoke"));
        assertEquals(0, search.count("never-created"));
    }
}
