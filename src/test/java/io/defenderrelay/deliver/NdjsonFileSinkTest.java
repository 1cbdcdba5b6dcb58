package io.defenderrelay.deliver;

import io.defenderrelay.support.JsonBytes;
import io.defenderrelay.support.Json;
import io.defenderrelay.testing.SampleEvents;
import io.defenderrelay.testing.SettableClock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NdjsonFileSinkTest {
    private static final long NO_LIMIT = Long.MAX_VALUE;

    @TempDir
    Path dir;

    private final SettableClock clock = new SettableClock(Instant.parse("2024-05-01T23:59:59Z"));

    @Test
    void appendsOneLinePerEventToTheFileOfTheUtcDay() throws IOException {
        try (NdjsonFileSink sink = new NdjsonFileSink(dir, false, NO_LIMIT, clock)) {
            sink.write("contoso", SampleEvents.events(3));
            clock.advance(Duration.ofSeconds(1));
            sink.write("contoso", SampleEvents.events(2));
        }

        assertEquals(3, lines(dir.resolve("alerts-2024-05-01.ndjson")).size());
        assertEquals(2, lines(dir.resolve("alerts-2024-05-02.ndjson")).size());
        assertEquals(SampleEvents.event(2), lines(dir.resolve("alerts-2024-05-01.ndjson")).get(2));
    }

    @Test
    void writesAFilePerTenantWithFileSafeNames() throws IOException {
        try (NdjsonFileSink sink = new NdjsonFileSink(dir, true, NO_LIMIT, clock)) {
            sink.write("contoso-eu", SampleEvents.events(2));
            sink.write("fabrikam", SampleEvents.events(1));
            sink.write("../evil", SampleEvents.events(1));
        }

        assertEquals(List.of("alerts-2024-05-01-.._evil.ndjson", "alerts-2024-05-01-contoso.eu.ndjson",
                "alerts-2024-05-01-fabrikam.ndjson"), fileNames());
    }

    @Test
    void tenantsWhoseNamesDifferOnlyInDashOrUnderscoreWriteSeparateFiles() throws IOException {
        try (NdjsonFileSink sink = new NdjsonFileSink(dir, true, NO_LIMIT, clock)) {
            sink.write("eu-west", SampleEvents.events(2));
            sink.write("eu_west", SampleEvents.events(1));
        }

        assertEquals(List.of("alerts-2024-05-01-eu.west.ndjson", "alerts-2024-05-01-eu_west.ndjson"), fileNames());
        assertEquals(2, lines(dir.resolve("alerts-2024-05-01-eu.west.ndjson")).size());
        assertEquals(1, lines(dir.resolve("alerts-2024-05-01-eu_west.ndjson")).size());
    }

    @Test
    void rollsBeforeAFileWouldPassTheLimitWritingWholeLinesOnly() throws IOException {
        List<ObjectNode> events = SampleEvents.events(10);
        long lineBytes = JsonBytes.line(events.get(0)).length;
        write(lineBytes * 4, events.subList(0, 3), events.subList(3, 10));

        assertEquals(List.of("alerts-2024-05-01-1.ndjson", "alerts-2024-05-01-2.ndjson", "alerts-2024-05-01.ndjson"), fileNames());
        assertEquals(4, lines(dir.resolve("alerts-2024-05-01.ndjson")).size());
        assertEquals(4, lines(dir.resolve("alerts-2024-05-01-1.ndjson")).size());
        assertEquals(events.subList(8, 10), lines(dir.resolve("alerts-2024-05-01-2.ndjson")));
        for (String name : fileNames()) {
            assertTrue(Files.size(dir.resolve(name)) <= lineBytes * 4, name);
        }
    }

    @Test
    void givesALineLargerThanTheLimitAFileOfItsOwn() throws IOException {
        List<ObjectNode> events = SampleEvents.events(3);
        events.get(1).put("message", "z".repeat(1_000));
        write(500, events);

        assertEquals(List.of(events.get(1)), lines(dir.resolve("alerts-2024-05-01-1.ndjson")));
        assertEquals(List.of(events.get(2)), lines(dir.resolve("alerts-2024-05-01-2.ndjson")));
    }

    @Test
    void continuesTheNewestRollAfterARestart() throws IOException {
        List<ObjectNode> events = SampleEvents.events(6);
        long lineBytes = JsonBytes.line(events.get(0)).length;
        write(lineBytes * 2, events.subList(0, 3));
        write(lineBytes * 2, events.subList(3, 6));

        assertEquals(events.subList(2, 4), lines(dir.resolve("alerts-2024-05-01-1.ndjson")));
        assertEquals(events.subList(4, 6), lines(dir.resolve("alerts-2024-05-01-2.ndjson")));
    }

    @Test
    void cutsAPartialLastLineLeftByAKilledWriterBeforeAppending() throws IOException {
        Path file = dir.resolve("alerts-2024-05-01.ndjson");
        byte[] whole = JsonBytes.line(SampleEvents.event(0));
        Files.write(file, whole);
        Files.write(file, "{\"class_uid\":2004,\"ti".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);

        write(NO_LIMIT, List.of(SampleEvents.event(1)));

        assertEquals(List.of(SampleEvents.event(0), SampleEvents.event(1)), lines(file));
    }

    @Test
    void cutsAFileHoldingOnlyAPartialLineToNothing() throws IOException {
        Path yesterday = dir.resolve("alerts-2024-04-30.ndjson");
        Files.write(yesterday, "{\"torn".getBytes(StandardCharsets.UTF_8));

        new NdjsonFileSink(dir, false, NO_LIMIT, clock).close();

        assertEquals(0, Files.size(yesterday));
    }

    @Test
    void linesAreOnDiskWhenWriteReturns() throws IOException {
        try (NdjsonFileSink sink = new NdjsonFileSink(dir, false, NO_LIMIT, clock)) {
            sink.write("t", SampleEvents.events(5));

            assertEquals(SampleEvents.events(5), lines(dir.resolve("alerts-2024-05-01.ndjson")));
        }
    }

    @Test
    void writesWindowsLargerThanTheWriteBufferInOrder() throws IOException {
        List<ObjectNode> events = SampleEvents.variedEvents(1_500, 3);
        events.get(700).put("message", "w".repeat(1_500_000));
        write(NO_LIMIT, events);

        assertEquals(events, lines(dir.resolve("alerts-2024-05-01.ndjson")));
    }

    @Test
    void concurrentWritersNeverInterleaveTheirWindows() throws Exception {
        int writers = 8;
        int windows = 25;
        int perWindow = 40;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try (NdjsonFileSink sink = new NdjsonFileSink(dir, false, 64 * 1024, clock)) {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                String tenant = "tenant" + w;
                done.add(pool.submit(() -> {
                    for (int window = 0; window < windows; window++) {
                        List<ObjectNode> events = SampleEvents.variedEvents(perWindow, window);
                        for (ObjectNode event : events) {
                            event.put("tenant", tenant).put("window", tenant + "/" + window);
                        }
                        sink.write(tenant, events);
                    }
                    return null;
                }));
            }
            for (Future<?> writer : done) {
                writer.get();
            }
        } finally {
            pool.shutdown();
        }

        List<JsonNode> all = new ArrayList<>();
        for (String name : inRollOrder(fileNames())) {
            all.addAll(lines(dir.resolve(name)));
        }
        assertEquals(writers * windows * perWindow, all.size());
        assertEachWindowIsOneRun(all, writers * windows, perWindow);
    }

    /** Reading the stream's files in roll order, every window's lines come as one unbroken run. */
    private static void assertEachWindowIsOneRun(List<JsonNode> lines, int windows, int perWindow) {
        Set<String> seen = new HashSet<>();
        int i = 0;
        while (i < lines.size()) {
            String window = lines.get(i).get("window").asText();
            int start = i;
            while (i < lines.size() && lines.get(i).get("window").asText().equals(window)) {
                i++;
            }
            assertEquals(perWindow, i - start, "window " + window + " interrupted at line " + i);
            assertTrue(seen.add(window), "window " + window + " appears in two places");
        }
        assertEquals(windows, seen.size());
    }

    private static List<String> inRollOrder(List<String> names) {
        return names.stream().sorted(Comparator.comparingInt(NdjsonFileSinkTest::rollNumber)).toList();
    }

    private static int rollNumber(String name) {
        Matcher roll = Pattern.compile("-(\\d+)\\.ndjson$").matcher(name.replace("2024-05-01", "day"));
        return roll.find() ? Integer.parseInt(roll.group(1)) : 0;
    }

    /** Writes the batches for tenant "t" through one sink, opened and closed around them like a relay run. */
    @SafeVarargs
    private void write(long maxFileBytes, List<ObjectNode>... batches) throws IOException {
        try (NdjsonFileSink sink = new NdjsonFileSink(dir, false, maxFileBytes, clock)) {
            for (List<ObjectNode> batch : batches) {
                sink.write("t", batch);
            }
        }
    }

    private List<String> fileNames() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    /** Every line parsed; a torn line would fail here. */
    static List<JsonNode> lines(Path file) throws IOException {
        String content = Files.readString(file);
        assertTrue(content.isEmpty() || content.endsWith("\n"), file + " ends in a partial line");
        List<JsonNode> parsed = new ArrayList<>();
        for (String line : content.lines().toList()) {
            parsed.add(Json.mapper().readTree(line));
        }
        return parsed;
    }
}
