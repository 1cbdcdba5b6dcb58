package io.defenderrelay.testing;

import io.defenderrelay.support.Json;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** The alert ids of the event lines in a relay's out/ directory, read incrementally (the files only grow). */
public final class DeliveredAlerts {

    private final Path out;
    private final Map<Path, Long> offsets = new HashMap<>();
    private final List<String> alertIds = new ArrayList<>();
    private final Set<String> versions = new HashSet<>();

    public DeliveredAlerts(Path out) {
        this.out = out;
    }

    /** Every delivered event's alert id, duplicates included, in file order. */
    public synchronized List<String> all() {
        if (!Files.isDirectory(out)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(out)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("alerts-")).sorted().toList()) {
                readNewLines(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(alertIds);
    }

    public Set<String> ids() {
        return new HashSet<>(all());
    }

    /** The alert versions delivered ("id@lastUpdateDateTime", the events' metadata.uid). */
    public synchronized Set<String> versions() {
        all();
        return Set.copyOf(versions);
    }

    private void readNewLines(Path file) throws IOException {
        long offset = offsets.getOrDefault(file, 0L);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() <= offset) {
                return;
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) (channel.size() - offset));
            channel.read(buffer, offset);
            byte[] bytes = buffer.array();
            int lineStart = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    JsonNode event = Json.mapper().readTree(bytes, lineStart, i - lineStart);
                    alertIds.add(alertId(event));
                    versions.add(event.path("metadata").path("uid").asText());
                    lineStart = i + 1;
                }
            }
            offsets.put(file, offset + lineStart);
        }
    }

    /** The Graph alert id of a delivered event, raw or normalized. */
    public static String alertId(JsonNode event) {
        return event.has("finding_info") ? event.path("finding_info").path("uid").asText() : event.path("id").asText();
    }
}
