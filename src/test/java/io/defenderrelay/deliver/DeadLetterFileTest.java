package io.defenderrelay.deliver;

import io.defenderrelay.testing.SampleEvents;
import io.defenderrelay.testing.SettableClock;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DeadLetterFileTest {
    @TempDir
    Path dir;

    private final SettableClock clock = new SettableClock(Instant.parse("2024-05-01T10:00:00Z"));

    @Test
    void recordsTheEventWithSinkReasonAndTime() throws IOException {
        try (DeadLetterFile deadLetters = new DeadLetterFile(dir, clock)) {
            deadLetters.record("hec", "code 6 Invalid data format", SampleEvents.event(3).toString());

            JsonNode line = single(dir.resolve("dead-letter-2024-05-01.ndjson"));
            assertEquals("2024-05-01T10:00:00Z", line.get("time").asText());
            assertEquals("hec", line.get("sink").asText());
            assertEquals("code 6 Invalid data format", line.get("reason").asText());
            assertEquals(SampleEvents.event(3), line.get("event"));
            assertEquals(1, deadLetters.count());
        }
    }

    @Test
    void keepsAPayloadThatIsNotJsonAsText() throws IOException {
        try (DeadLetterFile deadLetters = new DeadLetterFile(dir, clock)) {
            deadLetters.record("webhook", "413", "{\"truncated\": ");
            deadLetters.record("webhook", "413", "42 and more");

            List<JsonNode> lines = NdjsonFileSinkTest.lines(dir.resolve("dead-letter-2024-05-01.ndjson"));
            assertEquals("{\"truncated\": ", lines.get(0).get("event").asText());
            assertEquals("42 and more", lines.get(1).get("event").asText());
            assertEquals(2, deadLetters.count());
        }
    }

    @Test
    void recordsAnEventTreeAsIs() throws IOException {
        try (DeadLetterFile deadLetters = new DeadLetterFile(dir, clock)) {
            deadLetters.record("bulk", "mapper_parsing_exception: failed to parse", SampleEvents.event(1));
        }

        assertEquals(SampleEvents.event(1), single(dir.resolve("dead-letter-2024-05-01.ndjson")).get("event"));
    }

    private static JsonNode single(Path file) throws IOException {
        List<JsonNode> lines = NdjsonFileSinkTest.lines(file);
        assertEquals(1, lines.size());
        return lines.get(0);
    }
}
