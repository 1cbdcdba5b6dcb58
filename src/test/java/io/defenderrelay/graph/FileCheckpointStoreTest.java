package io.defenderrelay.graph;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileCheckpointStoreTest {

    @TempDir
    Path dir;

    @Test
    void savesAtomicallyAndReadsBack() throws Exception {
        FileCheckpointStore store = new FileCheckpointStore(dir);
        assertTrue(store.load("contoso").isEmpty());
        Checkpoint checkpoint = new Checkpoint("contoso", Instant.parse("2026-11-01T01:00:00Z"), Instant.parse("2026-11-01T01:02:00Z"), java.util.List.of("a@2026-11-01T00:59:00Z"));
        store.save(checkpoint);
        assertEquals(checkpoint, new FileCheckpointStore(dir).load("contoso").orElseThrow());
        assertFalse(Files.exists(dir.resolve("contoso.checkpoint.json.tmp")), "temp file renamed away");
    }

    @Test
    void keepsIncompleteWindowsAndDonePartsExactly() {
        FileCheckpointStore store = new FileCheckpointStore(dir);
        Instant t = Instant.parse("2026-11-01T01:00:00Z");
        Window partial = Window.of(t.minusSeconds(3600), t);
        Window part = Window.of(t, t.plusNanos(100)).withCreated(null, t.minusSeconds(5)).withEquals("status", "it's");
        Checkpoint checkpoint = new Checkpoint("contoso", t, t, java.util.List.of(), java.util.List.of(partial, part),
                java.util.Map.of(part.filter(), 412L));
        store.save(checkpoint);
        assertEquals(checkpoint, new FileCheckpointStore(dir).load("contoso").orElseThrow());
    }

    @Test
    void aTemporaryFileCutOffByAKillIsIgnoredAndReplaced() throws Exception {
        FileCheckpointStore store = new FileCheckpointStore(dir);
        Checkpoint saved = new Checkpoint("contoso", Instant.parse("2026-11-01T01:00:00Z"), Instant.parse("2026-11-01T01:02:00Z"),
                java.util.List.of());
        store.save(saved);
        Files.writeString(dir.resolve("contoso.checkpoint.json.tmp"), "{\"tenant\":\"contoso\",\"windowEnd\":\"2026-11-0");
        assertEquals(saved, new FileCheckpointStore(dir).load("contoso").orElseThrow(), "the last whole checkpoint counts");
        Checkpoint next = new Checkpoint("contoso", Instant.parse("2026-11-01T02:00:00Z"), Instant.parse("2026-11-01T02:02:00Z"),
                java.util.List.of());
        store.save(next);
        assertEquals(next, new FileCheckpointStore(dir).load("contoso").orElseThrow());
        assertFalse(Files.exists(dir.resolve("contoso.checkpoint.json.tmp")));
    }

    @Test
    void refusesACorruptCheckpointInsteadOfStartingOver() throws Exception {
        Files.writeString(dir.resolve("contoso.checkpoint.json"), "{\"windowEnd\":\"yesterday\"");
        CheckpointCorruptException refused = assertThrows(CheckpointCorruptException.class,
                () -> new FileCheckpointStore(dir).load("contoso"));
        assertTrue(refused.getMessage().contains("contoso.checkpoint.json"));
    }
}
