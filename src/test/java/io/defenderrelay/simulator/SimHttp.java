package io.defenderrelay.simulator;

import io.defenderrelay.support.Json;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** A plain java.net.http client for the simulator, trusting only its certificate. */
final class SimHttp {
    private final GraphSimulator simulator;
    private final HttpClient client;

    SimHttp(GraphSimulator simulator) {
        this.simulator = simulator;
        this.client = HttpClient.newBuilder().sslContext(simulator.clientSslContext())
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    HttpResponse<String> postToken(String tenant, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/" + tenant + "/oauth2/v2.0/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** The scope the simulator issues tokens for: its own Graph, {@code https://127.0.0.1:PORT/.default}. */
    String graphScope() {
        return simulator.baseUrl() + "/.default";
    }

    Map<String, String> secretForm(String clientId, String secret) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", clientId);
        form.put("scope", graphScope());
        form.put("client_secret", secret);
        return form;
    }

    /** A token for a secret app, failing the test when the simulator refuses. */
    String token(String tenant, String clientId, String secret) {
        HttpResponse<String> response = postToken(tenant, secretForm(clientId, secret));
        if (response.statusCode() != 200) {
            throw new AssertionError("token request failed: " + response.statusCode() + " " + response.body());
        }
        return json(response).get("access_token").asText();
    }

    /** GET an absolute URL or a path below the simulator's base URL; headers as name, value pairs. */
    HttpResponse<String> get(String urlOrPath, String token, String... headers) {
        String url = urlOrPath.startsWith("https://") ? urlOrPath : simulator.baseUrl() + urlOrPath;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET().timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    /** GET alerts_v2 with these raw (unencoded) query options, e.g. "$filter", "severity eq 'high'". */
    HttpResponse<String> alerts(String token, String... options) {
        StringBuilder url = new StringBuilder(AlertsEndpoint.PATH);
        for (int i = 0; i < options.length; i += 2) {
            url.append(i == 0 ? '?' : '&').append(options[i]).append('=')
                    .append(URLEncoder.encode(options[i + 1], StandardCharsets.UTF_8));
        }
        return get(url.toString(), token);
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return Json.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("request to the simulator failed: " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
