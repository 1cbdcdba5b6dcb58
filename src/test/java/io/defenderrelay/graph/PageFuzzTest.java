package io.defenderrelay.graph;

import io.defenderrelay.support.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Hostile alerts_v2 pages, seeded: a page is either taken, or refused with a GraphResponseException or an
 * UnsafeNextLinkException naming the window; nothing else escapes, and a refused link is never handed out.
 */
class PageFuzzTest {

    private static final URI GRAPH = URI.create("https://graph.example");
    private static final Window WINDOW = Window.of(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-01T01:00:00Z"));
    private static final int CASES = 3000;

    private static ObjectNode validPage(SplittableRandom random) {
        ObjectNode page = Json.mapper().createObjectNode();
        ArrayNode value = page.putArray("value");
        int alerts = random.nextInt(5);
        for (int i = 0; i < alerts; i++) {
            value.addObject().put("id", "da" + random.nextInt(1000)).put("lastUpdateDateTime", "2026-11-01T00:3" + i + ":00Z")
                    .put("createdDateTime", "2026-11-01T00:00:00Z").put("status", "new").put("severity", "high");
        }
        page.put("@odata.count", alerts + random.nextInt(3));
        if (random.nextBoolean()) {
            page.put("@odata.nextLink", GRAPH + "/v1.0/security/alerts_v2?$skip=" + (1 + random.nextInt(400)));
        }
        return page;
    }

    private static final List<Function<SplittableRandom, Object>> MUTATIONS = List.of(
            r -> withValue(r, Json.mapper().createObjectNode()),
            r -> withValue(r, Json.mapper().getNodeFactory().textNode("x")),
            r -> withValue(r, Json.mapper().getNodeFactory().nullNode()),
            r -> validPage(r).put("@odata.count", "many"),
            r -> validPage(r).put("@odata.count", -5),
            r -> validPage(r).put("@odata.count", 1e30),
            r -> validPage(r).put("@odata.nextLink", "http://graph.example/v1.0/security/alerts_v2?$skip=1"),
            r -> validPage(r).put("@odata.nextLink", "file:///etc/passwd"),
            r -> validPage(r).put("@odata.nextLink", "https://user:secret@graph.example/v1.0/security/alerts_v2?$skip=1"),
            r -> validPage(r).put("@odata.nextLink", "https://graph.example.evil.test/v1.0/security/alerts_v2"),
            r -> validPage(r).put("@odata.nextLink", "/v1.0/security/alerts_v2?$skip=1"),
            r -> validPage(r).put("@odata.nextLink", "ht tp://[broken"),
            r -> validPage(r).put("@odata.nextLink", "https://graph.example/v1.0/users"),
            r -> validPage(r).put("@odata.nextLink", 42),
            r -> {
                ObjectNode page = validPage(r);
                ((ArrayNode) page.get("value")).add(7).add("alert").addNull().addArray();
                return page;
            },
            r -> {
                ObjectNode page = validPage(r);
                ((ArrayNode) page.get("value")).addObject().put("id", 12).put("lastUpdateDateTime", 1_700_000_000);
                return page;
            },
            r -> {
                ObjectNode page = validPage(r);
                ((ArrayNode) page.get("value")).addObject().putObject("id").put("nested", true);
                return page;
            },
            r -> truncated(r, validPage(r)),
            r -> invalidUtf8(r, validPage(r)),
            r -> "{".repeat(5_000) + "}".repeat(5_000),
            r -> "[" + validPage(r) + "]",
            r -> "",
            r -> "null",
            r -> validPage(r));

    private static ObjectNode withValue(SplittableRandom random, JsonNode value) {
        ObjectNode page = validPage(random);
        page.set("value", value);
        return page;
    }

    private static byte[] truncated(SplittableRandom random, ObjectNode page) {
        byte[] bytes = page.toString().getBytes(StandardCharsets.UTF_8);
        return java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
    }

    private static byte[] invalidUtf8(SplittableRandom random, ObjectNode page) {
        byte[] bytes = page.toString().getBytes(StandardCharsets.UTF_8);
        bytes[random.nextInt(bytes.length)] = (byte) 0xC3;
        bytes[random.nextInt(bytes.length)] = (byte) 0xFF;
        return bytes;
    }

    private static byte[] bytes(Object page) {
        return page instanceof byte[] raw ? raw : page.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void hostilePagesAreTakenOrRefusedClearlyAndNothingElse() {
        SplittableRandom random = new SplittableRandom(20261129);
        Map<String, Integer> outcomes = new TreeMap<>();
        List<String> escaped = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            int mutation = random.nextInt(MUTATIONS.size());
            byte[] page = bytes(MUTATIONS.get(mutation).apply(random));
            WindowRead read = new WindowRead(WINDOW, GRAPH);
            try {
                read.accept(random.nextInt(10) == 0 ? 206 : 200, null, new ByteArrayInputStream(page));
                String next = read.nextLink();
                assertTrue(next == null || next.startsWith(GRAPH + "/v1.0/security/alerts_v2"), next);
                read.outcome();
                read.alerts();
                if (read.outcome() == WindowRead.Outcome.SPLIT) {
                    new WindowSplitter(800).split(WINDOW, read.reportedCount(), read.alerts().values(), 0);
                }
                outcomes.merge("taken", 1, Integer::sum);
            } catch (GraphResponseException | UnsafeNextLinkException refused) {
                assertTrue(refused.getMessage() != null && !refused.getMessage().isBlank());
                outcomes.merge(refused.getClass().getSimpleName(), 1, Integer::sum);
            } catch (RuntimeException | AssertionError other) {
                escaped.add("mutation " + mutation + ": " + other);
            }
        }
        System.out.println("page fuzz, " + CASES + " cases: " + outcomes);
        if (!escaped.isEmpty()) {
            fail(escaped.size() + " cases ended otherwise, e.g. " + escaped.subList(0, Math.min(5, escaped.size())));
        }
        assertEquals(CASES, outcomes.values().stream().mapToInt(Integer::intValue).sum());
    }
}
