package io.defenderrelay.graph;

import io.defenderrelay.support.CrashPoint;
import io.defenderrelay.support.Json;
import io.defenderrelay.support.OwnerOnly;
import io.defenderrelay.support.Trouble;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One small JSON file per tenant in the state directory, replaced atomically (temp file, fsync, rename); the directory
 * and files are created for the relay's user only.
 */
public final class FileCheckpointStore implements CheckpointStore {
    /** A checkpoint the relay cannot trust stops its tenant rather than guess a position. */
    public static final Trouble CORRUPT = new Trouble("`tenant:<name>` DOWN \"stopped: checkpoint ... is not valid\"",
            "checkpoint {file} of tenant {tenant} is not valid ({detail}); the tenant is stopped instead of restarting"
                    + " from scratch", "restore the file, or set the position deliberately by writing"
                    + " `{\"windowEnd\":\"<ISO instant>\",\"savedAt\":\"<ISO instant>\"}` into it, or delete it to start"
                    + " again from relay.backfill.start; then restart the relay");


    private final Path dir;

    public FileCheckpointStore(Path dir) {
        this.dir = dir;
    }

    Path fileOf(String tenant) {
        return dir.resolve(tenant + ".checkpoint.json");
    }

    @Override
    public Optional<Checkpoint> load(String tenant) {
        Path file = fileOf(tenant);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new CheckpointCorruptException("cannot read checkpoint " + file.toAbsolutePath() + " of tenant " + tenant
                    + " (" + e + "): fix its permissions; the tenant stays stopped rather than restart from scratch", e);
        }
        try {
            JsonNode node = Json.mapper().readTree(bytes);
            List<String> recent = new ArrayList<>();
            node.path("recent").forEach(key -> recent.add(key.asText()));
            List<Window> incomplete = new ArrayList<>();
            node.path("incomplete").forEach(window -> incomplete.add(window(window)));
            Map<String, Long> doneParts = new LinkedHashMap<>();
            node.path("doneParts").fields().forEachRemaining(part -> doneParts.put(part.getKey(), part.getValue().asLong()));
            return Optional.of(new Checkpoint(tenant, Instant.parse(node.get("windowEnd").asText()),
                    Instant.parse(node.get("savedAt").asText()), recent, incomplete, doneParts));
        } catch (IOException | RuntimeException e) {
            throw new CheckpointCorruptException(CORRUPT.said(Map.of("file", file.toAbsolutePath().toString(),
                    "tenant", tenant, "detail", String.valueOf(e.getMessage()))), e);
        }
    }

    @Override
    public void save(Checkpoint checkpoint) {
        ObjectNode node = Json.mapper().createObjectNode()
                .put("tenant", checkpoint.tenant())
                .put("windowEnd", checkpoint.windowEnd().toString())
                .put("savedAt", checkpoint.savedAt().toString());
        checkpoint.recent().forEach(node.putArray("recent")::add);
        checkpoint.incomplete().forEach(window -> node.withArray("incomplete").add(json(window)));
        checkpoint.doneParts().forEach(node.putObject("doneParts")::put);
        Path file = fileOf(checkpoint.tenant());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            OwnerOnly.createDirectories(dir);
            try (FileChannel channel = OwnerOnly.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(ByteBuffer.wrap(Json.mapper().writeValueAsBytes(node)));
                channel.force(true);
            }
            CrashPoint.reach("checkpoint");
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the state directory " + dir + " does not support atomic renames", e);
            }
            forceDirectory();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save checkpoint " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    private static ObjectNode json(Window window) {
        ObjectNode node = Json.mapper().createObjectNode()
                .put("start", window.start().toString())
                .put("end", window.end().toString());
        if (window.createdFrom() != null) {
            node.put("createdFrom", window.createdFrom().toString());
        }
        if (window.createdTo() != null) {
            node.put("createdTo", window.createdTo().toString());
        }
        window.equals().forEach(node.putObject("equals")::put);
        return node;
    }

    private static Window window(JsonNode node) {
        Map<String, String> equals = new LinkedHashMap<>();
        node.path("equals").fields().forEachRemaining(e -> equals.put(e.getKey(), e.getValue().asText()));
        return new Window(Instant.parse(node.get("start").asText()), Instant.parse(node.get("end").asText()),
                instant(node.get("createdFrom")), instant(node.get("createdTo")), equals);
    }

    private static Instant instant(JsonNode node) {
        return node == null || node.isNull() ? null : Instant.parse(node.asText());
    }

    /** The rename is durable only once the directory entry is on disk. */
    private void forceDirectory() throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // some filesystems refuse to open directories; the rename itself is still atomic there
        }
    }
}
