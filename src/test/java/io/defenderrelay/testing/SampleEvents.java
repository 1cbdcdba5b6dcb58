package io.defenderrelay.testing;

import io.defenderrelay.support.Json;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small OCSF-shaped events with the fields the sinks rely on: metadata.uid, finding_info.uid, time (epoch ms). */
public final class SampleEvents {
    public static final Instant BASE_TIME = Instant.parse("2024-05-01T10:00:00.123Z");

    private SampleEvents() {
    }

    public static ObjectNode event(int n) {
        ObjectNode event = Json.mapper().createObjectNode();
        event.put("class_uid", 2004);
        event.put("time", BASE_TIME.toEpochMilli() + n);
        event.put("severity_id", 1 + n % 4);
        event.putObject("metadata").put("uid", "alert-" + n + "@2024-05-01T10:00:00Z");
        event.putObject("finding_info").put("uid", "alert-" + n).put("title", "Suspicious activity " + n);
        return event;
    }

    public static List<ObjectNode> events(int count) {
        List<ObjectNode> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(event(i));
        }
        return events;
    }

    /** Events padded with seeded random text so their sizes vary like real alerts (about 200 to 2 200 bytes). */
    public static List<ObjectNode> variedEvents(int count, long seed) {
        Random random = new Random(seed);
        List<ObjectNode> events = events(count);
        for (ObjectNode event : events) {
            event.put("message", "x".repeat(random.nextInt(2_000)));
        }
        return events;
    }
}
