package io.defenderrelay.testing;

import io.defenderrelay.simulator.ServerIdentity;
import io.defenderrelay.support.Json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import java.util.zip.GZIPInputStream;

/**
 * A Splunk HEC-compatible receiver on loopback that enforces the contract of docs/sinks.md (Splunk HEC): {@code Authorization:
 * Splunk <token>}, concatenated envelopes (an array is refused), {@code event} required and not blank, numeric
 * {@code time}, flat {@code fields}, gzip or no content encoding, and Splunk's error codes. Like Splunk, the events
 * before a bad one in a request are kept ("may already be indexed"), so a sender that resends the rest of the
 * request creates duplicates, which {@link #distinctUids()} sees through.
 * <p>
 * Faults to script: {@link #busyFor}, {@link #rejectEventsMatching}, {@link #maxContentLength}.
 */
public final class HecReceiver implements AutoCloseable {
    public static final String EVENT_PATH = "/services/collector/event";
    private static final Set<String> EVENT_PATHS = Set.of("/services/collector", EVENT_PATH, "/services/collector/event/1.0");

    private final String token;
    private final boolean keepEnvelopes;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final List<JsonNode> envelopes = new ArrayList<>();
    private final Set<String> uids = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private final List<Instant> requests = new CopyOnWriteArrayList<>();
    private volatile long busyUntilNanos = System.nanoTime();
    private volatile Rejection rejection;
    private volatile long maxContentLength = Long.MAX_VALUE;

    private record Rejection(Predicate<JsonNode> matches, int code) {
    }

    private record Answer(int status, ObjectNode body) {
    }

    private HecReceiver(String token, boolean keepEnvelopes, ServerIdentity tls) throws IOException {
        this.token = token;
        this.keepEnvelopes = keepEnvelopes;
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (tls == null) {
            server = HttpServer.create(address, 64);
        } else {
            HttpsServer https = HttpsServer.create(address, 64);
            https.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext()));
            server = https;
        }
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /** A receiver that keeps every accepted envelope for assertions. */
    public static HecReceiver start(String token) throws IOException {
        return new HecReceiver(token, true, null);
    }

    /** The same over HTTPS with this identity's certificate. */
    public static HecReceiver startHttps(String token, ServerIdentity tls) throws IOException {
        return new HecReceiver(token, true, tls);
    }

    /** A receiver that only counts accepted events and their distinct uids: for benchmarks of many events. */
    public static HecReceiver startCounting(String token) throws IOException {
        return new HecReceiver(token, false, null);
    }

    /** e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return (server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort();
    }

    public String eventUrl() {
        return url() + EVENT_PATH;
    }

    /** The relay settings that enable the SIEM sink in HEC format towards this receiver, with its token. */
    public Map<String, String> sinkSettings() {
        return Map.of("relay.sink.siem.enabled", "true", "relay.sink.siem.format", "hec",
                "relay.sink.siem.url", eventUrl(), "relay.sink.siem.token", token);
    }

    /** Answers every event request with 503 code 9 and {@code Retry-After: 1} for this long from now. */
    public void busyFor(Duration duration) {
        busyUntilNanos = System.nanoTime() + duration.toNanos();
    }

    /**
     * Refuses the first envelope (the whole envelope, so {@code index} can be matched too) that matches, with
     * {@code code} 6 (invalid data format) or 7 (incorrect index) and its {@code invalid-event-number}.
     */
    public void rejectEventsMatching(Predicate<JsonNode> envelope, int code) {
        if (code != 6 && code != 7) {
            throw new IllegalArgumentException("HEC rejects single events with code 6 or 7, not " + code);
        }
        rejection = new Rejection(envelope, code);
    }

    /** Bodies longer than this (as received, so compressed when gzipped) get 413. */
    public void maxContentLength(long bytes) {
        maxContentLength = bytes;
    }

    /** Accepted envelopes in arrival order (empty for a {@link #startCounting} receiver). */
    public List<JsonNode> envelopes() {
        synchronized (envelopes) {
            return List.copyOf(envelopes);
        }
    }

    /** The {@code event} of every accepted envelope, in arrival order. */
    public List<JsonNode> events() {
        return envelopes().stream().map(envelope -> envelope.get("event")).toList();
    }

    /** Accepted events, duplicates included. */
    public long acceptedCount() {
        return accepted.get();
    }

    /** Distinct {@code event.metadata.uid} values accepted so far. */
    public Set<String> distinctUids() {
        return Set.copyOf(uids);
    }

    /** POST requests to the event endpoints, answered with any status. */
    public int requestCount() {
        return requests.size();
    }

    /** When each POST to the event endpoints arrived, in arrival order. */
    public List<Instant> requestTimes() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Answer answer = answer(exchange);
            if (answer.status() == 503) {
                exchange.getResponseHeaders().add("Retry-After", "1");
            }
            byte[] body = Json.mapper().writeValueAsBytes(answer.body());
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private Answer answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if (path.equals("/services/collector/health") && method.equals("GET")) {
            return reply(200, "HEC is healthy", 17);
        }
        if (!EVENT_PATHS.contains(path)) {
            return plain(404, "The requested URL was not found on this server.");
        }
        if (!method.equals("POST")) {
            return plain(405, "Method not allowed");
        }
        requests.add(Instant.now());
        // read before answering, as Splunk does: a body left unread resets the connection the client reuses next
        byte[] raw = exchange.getRequestBody().readAllBytes();
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null) {
            return reply(401, "Token is required", 2);
        }
        if (!authorization.equals("Splunk " + token)) {
            return reply(403, "Invalid authorization", 3);
        }
        if (System.nanoTime() - busyUntilNanos < 0) {
            return reply(503, "Server is busy", 9);
        }
        if (raw.length > maxContentLength) {
            return plain(413, "Content-Length of " + raw.length + " too large (maximum is " + maxContentLength + ")");
        }
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        if (encoding != null && !encoding.equalsIgnoreCase("gzip") && !encoding.equalsIgnoreCase("identity")) {
            return plain(415, "Unsupported content encoding: " + encoding);
        }
        byte[] body;
        try {
            body = "gzip".equalsIgnoreCase(encoding) ? gunzip(raw) : raw;
        } catch (IOException e) {
            return invalidEvent(6, 0);
        }
        return ingest(body);
    }

    /** Reads envelopes one after another; the first bad one ends the request, keeping those before it. */
    private Answer ingest(byte[] body) throws IOException {
        if (new String(body, StandardCharsets.UTF_8).isBlank()) {
            return reply(400, "No data", 5);
        }
        List<JsonNode> good = new ArrayList<>();
        Answer answer = reply(200, "Success", 0);
        try (JsonParser parser = Json.mapper().createParser(body)) {
            for (JsonToken next = parser.nextToken(); next != null; next = parser.nextToken()) {
                JsonNode envelope = next == JsonToken.START_OBJECT ? Json.mapper().readTree(parser) : null;
                int problem = envelope == null ? 6 : problem(envelope);
                if (problem != 0) {
                    answer = invalidEvent(problem, good.size());
                    break;
                }
                good.add(envelope);
            }
        } catch (JsonProcessingException e) {
            answer = invalidEvent(6, good.size());
        }
        store(good);
        return answer;
    }

    private int problem(JsonNode envelope) {
        JsonNode event = envelope.get("event");
        if (event == null) {
            return 12;
        }
        if (event.isNull() || (event.isTextual() && event.asText().isBlank())) {
            return 13;
        }
        JsonNode time = envelope.get("time");
        if (time != null && !time.isNumber()) {
            return 6;
        }
        JsonNode fields = envelope.get("fields");
        if (fields != null && !flat(fields)) {
            return 15;
        }
        Rejection rule = rejection;
        return rule != null && rule.matches().test(envelope) ? rule.code() : 0;
    }

    private static boolean flat(JsonNode fields) {
        if (!fields.isObject()) {
            return false;
        }
        for (JsonNode value : fields) {
            boolean scalarList = value.isArray() && StreamSupport.stream(value.spliterator(), false)
                    .allMatch(JsonNode::isValueNode);
            if (!value.isValueNode() && !scalarList) {
                return false;
            }
        }
        return true;
    }

    private void store(List<JsonNode> good) {
        for (JsonNode envelope : good) {
            JsonNode uid = envelope.path("event").path("metadata").path("uid");
            if (uid.isTextual()) {
                uids.add(uid.asText());
            }
        }
        accepted.addAndGet(good.size());
        if (keepEnvelopes) {
            synchronized (envelopes) {
                envelopes.addAll(good);
            }
        }
    }

    private static byte[] gunzip(byte[] raw) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
            return in.readAllBytes();
        }
    }

    private static Answer invalidEvent(int code, int index) {
        Answer answer = reply(400, switch (code) {
            case 7 -> "Incorrect index";
            case 12 -> "Event field is required";
            case 13 -> "Event field cannot be blank";
            case 15 -> "Error in handling indexed fields";
            default -> "Invalid data format";
        }, code);
        answer.body().put("invalid-event-number", index);
        return answer;
    }

    private static Answer reply(int status, String text, int code) {
        Answer answer = plain(status, text);
        answer.body().put("code", code);
        return answer;
    }

    /** Answers outside HEC's code table carry only a text. */
    private static Answer plain(int status, String text) {
        return new Answer(status, Json.mapper().createObjectNode().put("text", text));
    }
}
