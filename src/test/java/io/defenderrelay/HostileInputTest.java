package io.defenderrelay;

import io.defenderrelay.graph.PollFailures;
import io.defenderrelay.simulator.FaultPlan;
import io.defenderrelay.simulator.SimTenant;
import io.defenderrelay.support.Json;
import io.defenderrelay.testing.CapturedLog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static io.defenderrelay.RelayHarness.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile pages and alerts through the real relay (HTTPS, camel-http, the routes, normalization, the file sink and
 * checkpoints), seeded. Each case is a tenant of three alerts whose pages Graph mangles during a first run of the relay:
 * <ul>
 *   <li>a mangled page (cut short, value not an array, invalid UTF-8, evidence nested 10 000 deep, a 50 MB alert, a
 *   nextLink to another host, to http: or file:, or with user-info) fails that tenant's poll with exactly one error
 *   line, nothing of the window delivered and no checkpoint; a second run, with Graph answering properly, delivers
 *   all three alerts once;</li>
 *   <li>a mangled alert (a number for its createdDateTime, an unparsable date, not an object) becomes one dead letter
 *   with a reason while the other two are delivered and the checkpoint moves; the second run sends nothing again.
 *   A number for its id is read as text and delivered, as the normalizer does for any scalar where a string
 *   belongs.</li>
 * </ul>
 * The relay never crashes and no other error line is written. The default suite runs 26 cases; -Plong runs 1 040.
 */
class HostileInputTest {
    private static final long SEED = 0x5EC_2026L;
    private static final int HUGE_ALERT_BYTES = 50 * 1024 * 1024;
    /** Below the 50 MB alert and far above the simulator's pages of three alerts. */
    private static final int MAX_PAGE_BYTES = 16 * 1024 * 1024;

    enum Outcome {
        PAGE_REFUSED("poll refused with 1 error line, nothing delivered, no checkpoint; all delivered once next run"),
        DEAD_LETTER("1 dead letter with a reason, the other alerts delivered, checkpoint moved"),
        TAKEN("delivered, the number read as text (the normalizer's documented leniency)");

        final String text;

        Outcome(String text) {
            this.text = text;
        }
    }

    enum Kind {
        TRUNCATED(Outcome.PAGE_REFUSED), VALUE_NOT_AN_ARRAY(Outcome.PAGE_REFUSED), INVALID_UTF8(Outcome.PAGE_REFUSED),
        EVIDENCE_10000_DEEP(Outcome.PAGE_REFUSED), ALERT_OF_50_MB(Outcome.PAGE_REFUSED),
        NEXT_LINK_OTHER_HOST(Outcome.PAGE_REFUSED), NEXT_LINK_HTTP(Outcome.PAGE_REFUSED),
        NEXT_LINK_FILE(Outcome.PAGE_REFUSED), NEXT_LINK_USER_INFO(Outcome.PAGE_REFUSED),
        ID_A_NUMBER(Outcome.TAKEN), CREATED_A_NUMBER(Outcome.DEAD_LETTER), CREATED_UNPARSABLE(Outcome.DEAD_LETTER),
        ALERT_NOT_AN_OBJECT(Outcome.DEAD_LETTER);

        final Outcome outcome;
        final boolean pageFails;

        Kind(Outcome outcome) {
            this.outcome = outcome;
            this.pageFails = outcome == Outcome.PAGE_REFUSED;
        }
    }

    private static final List<Kind> SMALL = Arrays.stream(Kind.values()).filter(kind -> kind != Kind.ALERT_OF_50_MB).toList();

    private record Case(Kind kind, SimTenant tenant, String name) {
    }

    @TempDir
    Path dir;

    @Test
    void aSeededSampleOfHostilePagesAndAlertsThroughTheRelay() throws IOException {
        run(1, 26);
    }

    @Test
    @Tag("long")
    void aThousandHostilePagesAndAlertsThroughTheRelay() throws IOException {
        run(20, 52);
    }

    /** {@code batches} runs of the relay, each over {@code size} cases, the kinds taken in turn. */
    private void run(int batches, int size) throws IOException {
        SplittableRandom random = new SplittableRandom(SEED);
        Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
        for (int b = 0; b < batches; b++) {
            List<Case> cases = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                // one 50 MB alert every fifth batch: enough to show the bound, without spending the run making them
                Kind kind = i == 0 && b % 5 == 0 ? Kind.ALERT_OF_50_MB : SMALL.get((b * size + i) % SMALL.size());
                cases.add(new Case(kind, RelayHarness.newSecretTenant(3, Duration.ofMinutes(30)), "h" + i));
                counts.merge(kind, 1, Integer::sum);
            }
            runBatch(dir.resolve("batch-" + b), cases, random);
        }
        System.out.println("hostile input through the relay, " + batches * size + " cases (seed " + SEED + "):");
        counts.forEach((kind, count) -> System.out.printf("  %-22s %5d  %s%n", kind, count, kind.outcome.text));
    }

    private void runBatch(Path home, List<Case> cases, SplittableRandom random) throws IOException {
        Map<String, String> settings = RelayHarness.baseSettings(RelayHarness.simulator(), home);
        settings.put("relay.backfill.start", "PT1H");
        settings.put("relay.poll.interval", "1h");
        // retries ride out the loopback simulator's occasional dropped connection when 52 tenants poll at once
        settings.put("relay.graph.retries", "3");
        settings.put("relay.graph.retry-delay-ms", "100");
        settings.put("relay.graph.max-page-bytes", String.valueOf(MAX_PAGE_BYTES));
        String graph = RelayHarness.simulator().baseUrl();
        for (int i = 0; i < cases.size(); i++) {
            Case hostile = cases.get(i);
            RelayHarness.addSecretTenant(settings, i, hostile.name(), hostile.tenant());
            hostile.tenant().faults().rewritePages(rewrite(hostile.kind(), random.split(), graph));
        }
        Path state = home.resolve("state");
        try (CapturedLog reports = new CapturedLog(PollFailures.class.getName());
             CapturedLog camel = new CapturedLog("org.apache.camel.processor.errorhandler");
             RelayHarness relay = RelayHarness.start(home, settings)) {
            await("each tenant's first poll", Duration.ofSeconds(90), Duration.ofMillis(200),
                    () -> cases.stream().allMatch(c -> !reports.linesContaining("tenant " + c.name() + ":").isEmpty()
                            || Files.exists(state.resolve(c.name() + ".checkpoint.json"))));
            Set<String> delivered = relay.deliveredIds();
            assertAll(cases.stream().map(c -> () -> {
                List<CapturedLog.Line> lines = reports.linesContaining("tenant " + c.name() + ":");
                List<String> ids = c.tenant().alerts().ids();
                if (c.kind().pageFails) {
                    assertEquals(1, lines.size(), c + ": " + lines);
                    String line = lines.get(0).text();
                    assertTrue(line.startsWith("WARN tenant " + c.name() + ": poll stopped, checkpoint kept: ")
                            && !line.contains("\n") && !line.contains("relay bug"), c + ": " + line);
                    assertFalse(Files.exists(state.resolve(c.name() + ".checkpoint.json")), c + ": no checkpoint");
                    assertTrue(ids.stream().noneMatch(delivered::contains), c + ": nothing of the window delivered");
                } else {
                    assertEquals(List.of(), lines, c.toString());
                    assertEquals(2, ids.stream().filter(delivered::contains).count(), c + ": the other two delivered");
                    assertTrue(Files.exists(state.resolve(c.name() + ".checkpoint.json")), c + ": checkpoint moved");
                }
            }));
            assertEquals(List.of(), camel.lines().stream().filter(line -> line.startsWith("ERROR")).toList());
        }
        long badAlerts = cases.stream().filter(c -> c.kind().outcome == Outcome.DEAD_LETTER).count();
        long taken = cases.stream().filter(c -> c.kind().outcome == Outcome.TAKEN).count();
        List<JsonNode> deadLetters = deadLetters(home.resolve("out"));
        assertEquals(badAlerts, deadLetters.size(), "one dead letter per bad alert");
        assertTrue(deadLetters.stream().allMatch(letter -> !letter.path("reason").asText().isBlank()
                && !letter.path("reason").asText().contains("relay bug")), deadLetters.toString());

        cases.forEach(c -> c.tenant().faults().rewritePages(null));
        Set<String> pageFailed = new HashSet<>();
        cases.stream().filter(c -> c.kind().pageFails).forEach(c -> pageFailed.addAll(c.tenant().alerts().ids()));
        try (CapturedLog reports = new CapturedLog(PollFailures.class.getName());
             RelayHarness relay = RelayHarness.start(home, settings)) {
            relay.awaitDelivered(pageFailed, Duration.ofSeconds(60));
            await("every checkpoint", Duration.ofSeconds(30), () -> cases.stream()
                    .allMatch(c -> Files.exists(state.resolve(c.name() + ".checkpoint.json"))));
            List<String> all = relay.delivered();
            assertEquals(new HashSet<>(all).size(), all.size(), "each alert once");
            assertEquals(pageFailed.size() + 2 * badAlerts + 3 * taken, all.size());
            assertEquals(List.of(), reports.lines());
        }
        assertEquals(badAlerts, deadLetters(home.resolve("out")).size(), "no alert dead-lettered twice");
    }

    private static List<JsonNode> deadLetters(Path out) throws IOException {
        List<JsonNode> letters = new ArrayList<>();
        try (Stream<Path> files = Files.list(out)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("dead-letter-")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    letters.add(Json.mapper().readTree(line));
                }
            }
        }
        return letters;
    }

    /** How Graph mangles every page of a case's tenant; pages without alerts are left alone. */
    private static FaultPlan.PageRewrite rewrite(Kind kind, SplittableRandom random, String graph) {
        return (query, body) -> {
            ObjectNode page = (ObjectNode) json(body);
            ArrayNode value = (ArrayNode) page.get("value");
            if (value.isEmpty()) {
                return body;
            }
            ObjectNode alert = (ObjectNode) value.get(0);
            String text = page.toString();
            switch (kind) {
                case TRUNCATED -> {
                    return Arrays.copyOf(body, 1 + random.nextInt(body.length - 1));
                }
                case VALUE_NOT_AN_ARRAY -> page.set("value", List.<JsonNode>of(Json.mapper().createObjectNode(),
                        page.textNode("alerts"), page.numberNode(42), page.nullNode()).get(random.nextInt(4)));
                case INVALID_UTF8 -> {
                    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                    int at = text.indexOf("\"value\"") + random.nextInt(bytes.length - text.indexOf("\"value\""));
                    bytes[at] = (byte) (random.nextBoolean() ? 0xFF : 0xC3);
                    bytes[Math.min(at + 1, bytes.length - 1)] = (byte) 0x28;
                    return bytes;
                }
                case EVIDENCE_10000_DEEP -> {
                    return text.replaceFirst("\"evidence\":\\[", "\"evidence\":[" + "[".repeat(10_000) + "]".repeat(10_000)
                            + ",").getBytes(StandardCharsets.UTF_8);
                }
                case ALERT_OF_50_MB -> alert.put("description", "x".repeat(HUGE_ALERT_BYTES));
                case NEXT_LINK_OTHER_HOST -> page.put("@odata.nextLink", graph.replace("127.0.0.1", "localhost")
                        + "/v1.0/security/alerts_v2?$skip=3");
                case NEXT_LINK_HTTP -> page.put("@odata.nextLink", graph.replace("https:", "http:")
                        + "/v1.0/security/alerts_v2?$skip=3");
                case NEXT_LINK_FILE -> page.put("@odata.nextLink", "file:///etc/shadow");
                case NEXT_LINK_USER_INFO -> page.put("@odata.nextLink", graph.replace("https://", "https://admin:pw@")
                        + "/v1.0/security/alerts_v2?$skip=3");
                case ID_A_NUMBER -> alert.put("id", random.nextLong());
                case CREATED_A_NUMBER -> alert.put("createdDateTime", random.nextDouble() * 2e9);
                case CREATED_UNPARSABLE -> alert.put("createdDateTime", "yesterday at noon");
                case ALERT_NOT_AN_OBJECT -> value.set(0, value.numberNode(random.nextInt()));
            }
            return page.toString().getBytes(StandardCharsets.UTF_8);
        };
    }

    private static JsonNode json(byte[] body) {
        try {
            return Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
