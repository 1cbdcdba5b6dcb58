package io.defenderrelay.deliver.siem;


import io.defenderrelay.deliver.RoutedEvent;
import io.defenderrelay.support.JsonBytes;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Cuts a window's events into request bodies bounded by count and bytes, measured after serialisation.
 * An event larger than the byte limit on its own still goes, alone: the receiver decides (413 → dead letter).
 */
public final class BatchSplitter {
    private final BatchLimits limits;

    public BatchSplitter(BatchLimits limits) {
        this.limits = limits;
    }

    public List<Batch> split(List<? extends JsonNode> events, BodyFormat format) {
        return splitShare(events.stream().map(event -> new RoutedEvent(event, Map.of())).toList(), format);
    }

    /** A window's share, whose events carry their JSON already. */
    public List<Batch> splitShare(List<RoutedEvent> events, BodyFormat format) {
        int frame = format.prefix().length + format.suffix().length;
        int separator = format.separator().length;
        List<Batch> batches = new ArrayList<>();
        List<JsonNode> pending = new ArrayList<>();
        List<byte[]> encoded = new ArrayList<>();
        long pendingBytes = frame;
        for (RoutedEvent event : events) {
            byte[] bytes = format.encode(event.event(), event.json());
            long added = bytes.length + (pending.isEmpty() ? 0 : separator);
            if (!pending.isEmpty() && (pending.size() == limits.maxCount() || pendingBytes + added > limits.maxBytes())) {
                batches.add(batch(pending, encoded, format));
                pending.clear();
                encoded.clear();
                pendingBytes = frame;
                added = bytes.length;
            }
            pending.add(event.event());
            encoded.add(bytes);
            pendingBytes += added;
        }
        if (!pending.isEmpty()) {
            batches.add(batch(pending, encoded, format));
        }
        return batches;
    }

    /** All events in one body, without limits: for a caller that batches itself. */
    public static byte[] body(List<? extends JsonNode> events, BodyFormat format) {
        List<byte[]> encoded = new ArrayList<>(events.size());
        events.forEach(event -> encoded.add(format.encode(event, JsonBytes.of(event))));
        return join(encoded, format);
    }

    private Batch batch(List<JsonNode> events, List<byte[]> encoded, BodyFormat format) {
        byte[] body = join(encoded, format);
        return new Batch(events, limits.gzip() ? gzip(body) : body, limits.gzip());
    }

    private static byte[] join(List<byte[]> encoded, BodyFormat format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(format.prefix());
        for (int i = 0; i < encoded.size(); i++) {
            if (i > 0) {
                out.writeBytes(format.separator());
            }
            out.writeBytes(encoded.get(i));
        }
        out.writeBytes(format.suffix());
        return out.toByteArray();
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip of an in-memory body failed", e);
        }
        return out.toByteArray();
    }
}
