package io.defenderrelay.bench;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * When each alert first appeared in the relay's alerts-*.ndjson files: the files are read every
 * {@value #PERIOD_MILLIS} ms from where the last read ended (complete lines only), so an arrival is known to within
 * that period.
 */
final class SinkArrivals implements AutoCloseable {
    private static final long PERIOD_MILLIS = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Map<Path, Long> offsets = new HashMap<>();
    private final Map<String, Instant> firstSeen = new ConcurrentHashMap<>();
    private final ScheduledExecutorService reader = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "sink-arrivals");
        thread.setDaemon(true);
        return thread;
    });

    SinkArrivals(Path dir) {
        this.dir = dir;
        reader.scheduleWithFixedDelay(this::readNewLines, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** When the alert's first line was seen; null if not yet. */
    Instant arrival(String alertId) {
        return firstSeen.get(alertId);
    }

    int count() {
        return firstSeen.size();
    }

    private void readNewLines() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        Instant now = Instant.now();
        try (Stream<Path> listing = Files.list(dir)) {
            for (Path file : listing.filter(f -> f.getFileName().toString().startsWith("alerts-")).toList()) {
                offsets.put(file, read(file, offsets.getOrDefault(file, 0L), now));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the offset after the last complete line */
    private long read(Path file, long offset, Instant now) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size <= offset) {
                return offset;
            }
            ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(size - offset));
            while (bytes.hasRemaining() && channel.read(bytes, offset + bytes.position()) > 0) {
                // read to the size seen
            }
            String text = new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n') + 1;
            for (String line : List.of(text.substring(0, end).split("\n"))) {
                if (!line.isBlank()) {
                    firstSeen.putIfAbsent(JSON.readTree(line).path("finding_info").path("uid").asText(), now);
                }
            }
            return offset + text.substring(0, end).getBytes(StandardCharsets.UTF_8).length;
        }
    }

    @Override
    public void close() {
        reader.shutdownNow();
    }
}
