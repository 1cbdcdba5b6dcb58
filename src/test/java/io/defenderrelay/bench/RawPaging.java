package io.defenderrelay.bench;

import io.defenderrelay.config.TrustedCertificates;
import io.defenderrelay.simulator.GraphSimulator;
import io.defenderrelay.support.Json;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;

/**
 * The reference figure: the simplest client that reads every alert of a period from Graph within its limits, written
 * without any of the relay's code. One token; hourly lastUpdateDateTime windows, oldest first; each asked with
 * {@code $top=1000&$count=true}; a window that counts more than one query can return (1000) is halved in time and
 * both halves read instead; pages parsed with Jackson and their ids kept, nothing else. One thread, like the relay's
 * poll of one tenant.
 * <p>
 * It runs in this JVM ({@link #read}) or, like the relay, in a JVM of its own that starts cold ({@link #readInOwnJvm}),
 * so that both pay for their JIT compilers.
 */
final class RawPaging {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration WINDOW = Duration.ofHours(1);
    private static final int MAX_PER_QUERY = 1000;
    private static final String PATH = "/v1.0/security/alerts_v2";

    /** The JVM options of a raw reader in its own JVM: the relay's ({@link BackfillRelayRun}). */
    private static final List<String> OWN_JVM_OPTIONS = Stream.concat(Stream.of("-Xmx" + BackfillRelayRun.HEAP),
            BackfillRelayRun.RECOMMENDED_JVM_OPTIONS.stream()).toList();

    private final String baseUrl;
    private final HttpClient client;

    RawPaging(GraphSimulator sim) {
        this(sim.baseUrl(), sim.clientSslContext());
    }

    private RawPaging(String baseUrl, SSLContext ssl) {
        this.baseUrl = baseUrl;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(ssl).connectTimeout(TIMEOUT).build();
    }

    /**
     * The same read in a new JVM ({@link #main}) trusting the simulator's certificate; the ids it read come back
     * through a file in {@code dir}, its time (measured there, as {@link #read} does) on its standard output.
     */
    static Result readInOwnJvm(GraphSimulator sim, Path dir, String tenantId, String clientId, String secret,
                               Instant from, Instant to) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path trust = Files.writeString(dir.resolve("simulator.pem"), sim.serverCertificatePem());
        Path ids = dir.resolve("ids.txt");
        Path out = dir.resolve("raw.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(OWN_JVM_OPTIONS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), RawPaging.class.getName(), sim.baseUrl(),
                trust.toString(), tenantId, clientId, secret, from.toString(), to.toString(), ids.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!process.waitFor(TIMEOUT.toSeconds() * 10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("raw paging in its own JVM did not end: " + Files.readString(out));
        }
        List<String> printed = Files.readAllLines(out);
        if (process.exitValue() != 0 || printed.isEmpty()) {
            throw new AssertionError("raw paging in its own JVM failed: " + String.join("\n", printed));
        }
        String[] figures = printed.get(printed.size() - 1).split(" ");
        return new Result(Set.copyOf(Files.readAllLines(ids)), Integer.parseInt(figures[0]),
                Integer.parseInt(figures[1]), Duration.ofNanos(Long.parseLong(figures[2])));
    }

    /** Args: Graph base URL, PEM to trust, tenant, client id, secret, from, to, file for the ids read. */
    public static void main(String[] args) throws Exception {
        SSLContext ssl = TrustedCertificates.withExtra(TrustedCertificates.read(Path.of(args[1]), null)).sslContext();
        Result result = new RawPaging(args[0], ssl).read(args[2], args[3], args[4], Instant.parse(args[5]),
                Instant.parse(args[6]));
        Files.write(Path.of(args[7]), result.ids());
        System.out.println(result.requests() + " " + result.halvings() + " " + result.elapsed().toNanos());
    }

    /** Reads every alert updated in {@code [from, to)}, both in whole milliseconds; fails on any answer but 200. */
    Result read(String tenantId, String clientId, String secret, Instant from, Instant to)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        Reader reader = new Reader(token(tenantId, clientId, secret));
        Instant end = to.truncatedTo(ChronoUnit.MILLIS);
        for (Instant hour = from.truncatedTo(ChronoUnit.MILLIS); hour.isBefore(end); hour = hour.plus(WINDOW)) {
            reader.window(hour, min(hour.plus(WINDOW), end));
        }
        return new Result(reader.ids, reader.requests, reader.halvings, Duration.ofNanos(System.nanoTime() - start));
    }

    private String token(String tenantId, String clientId, String secret) throws IOException, InterruptedException {
        String form = "grant_type=client_credentials&client_id=" + encode(clientId) + "&client_secret=" + encode(secret)
                + "&scope=" + encode(baseUrl + "/.default");
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/" + tenantId + "/oauth2/v2.0/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).timeout(TIMEOUT).build();
        return Json.mapper().readTree(send(request)).get("access_token").asText();
    }

    private byte[] send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new AssertionError("raw paging: " + request.uri() + " got HTTP " + response.statusCode() + ": "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        return response.body();
    }

    /** One read's state: the token, the ids seen, what it cost. */
    private final class Reader {
        private final String token;
        private final Set<String> ids = new HashSet<>();
        private int requests = 1;
        private int halvings;

        Reader(String token) {
            this.token = token;
        }

        void window(Instant start, Instant end) throws IOException, InterruptedException {
            String filter = "lastUpdateDateTime ge " + start + " and lastUpdateDateTime lt " + end;
            JsonNode page = get(baseUrl + PATH + "?$filter=" + encode(filter) + "&$top=" + MAX_PER_QUERY
                    + "&$count=true");
            if (page.get("@odata.count").asLong() > MAX_PER_QUERY) {
                Instant middle = start.plus(Duration.between(start, end).dividedBy(2)).truncatedTo(ChronoUnit.MILLIS);
                if (!middle.isAfter(start)) {
                    throw new AssertionError("raw paging: more than " + MAX_PER_QUERY + " alerts in the millisecond "
                            + start + "; halving time cannot read them");
                }
                halvings++;
                window(start, middle);
                window(middle, end);
                return;
            }
            while (true) {
                page.get("value").forEach(alert -> ids.add(alert.get("id").asText()));
                if (!page.hasNonNull("@odata.nextLink")) {
                    return;
                }
                page = get(page.get("@odata.nextLink").asText());
            }
        }

        private JsonNode get(String url) throws IOException, InterruptedException {
            requests++;
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                    // the relay asks for the same: newer enum members as they are
                    .header("Prefer", "include-unknown-enum-members").timeout(TIMEOUT).build();
            return Json.mapper().readTree(send(request));
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** The distinct alert ids read, the requests made (the token request included), halvings, and the time taken. */
    record Result(Set<String> ids, int requests, int halvings, Duration elapsed) {
    }
}
