package io.defenderrelay;

import io.defenderrelay.deliver.NdjsonFileSink;
import io.defenderrelay.graph.Checkpoint;
import io.defenderrelay.graph.FileCheckpointStore;
import io.defenderrelay.graph.PollFailures;
import io.defenderrelay.simulator.SimTenant;
import io.defenderrelay.support.Json;
import io.defenderrelay.testing.CapturedLog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static io.defenderrelay.RelayHarness.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a kill inside a write leaves, put in place by hand, and what the next start makes of it: a partial last line in
 * the NDJSON file is cut off and its window delivered again (nothing lost, nothing torn); a cut-off temporary
 * checkpoint is ignored and overwritten (the last complete checkpoint is used); a truncated checkpoint itself, which
 * the atomic rename keeps a kill from leaving, stops the tenant with a message saying how to repair it.
 */
class KillLeftoversTest {

    private final Path dir;
    private final SimTenant tenant = RelayHarness.newSecretTenant(10, Duration.ofMinutes(30));
    private final Map<String, String> settings;
    private final FileCheckpointStore checkpoints;
    private final Path checkpointFile;

    KillLeftoversTest(@TempDir Path dir) {
        this.dir = dir;
        settings = RelayHarness.settingsFor(tenant, dir, "PT1H");
        checkpoints = new FileCheckpointStore(dir.resolve("state"));
        checkpointFile = dir.resolve("state").resolve("t1.checkpoint.json");
    }

    @Test
    void aPartialLastLineIsCutAndItsWindowDeliveredAgain() throws IOException {
        byte[] beforeB = deliverFirstAlerts();
        List<String> b = moreAlerts();
        try (RelayHarness relay = RelayHarness.start(dir, settings)) {
            relay.awaitDelivered(Set.copyOf(b), Duration.ofSeconds(30));
            await("the checkpoint past B", Duration.ofSeconds(10), () -> checkpoint().windowEnd().isAfter(newest()));
        }
        // killed while writing B's window: 4 whole lines and half of the 5th on disk, the checkpoint still before B
        Path file = onlyFile();
        List<Integer> ends = lineEnds(Files.readAllBytes(file));
        int tornAt = ends.get(ends.size() - b.size() + 4) - 100;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(tornAt);
        }
        Files.write(checkpointFile, beforeB);
        try (CapturedLog sink = new CapturedLog(NdjsonFileSink.class.getName());
             RelayHarness relay = RelayHarness.start(dir, settings)) {
            relay.awaitDelivered(Set.copyOf(tenant.alerts().ids()), Duration.ofSeconds(30));
            await("the checkpoint past B", Duration.ofSeconds(10), () -> checkpoint().windowEnd().isAfter(newest()));
            assertEquals(1, sink.linesContaining("of a partial last line from " + file).size(), sink.lines().toString());
            assertEquals(20 + 4, relay.delivered().size(), "every alert; B's 4 whole lines twice");
        }
        byte[] bytes = Files.readAllBytes(file);
        assertEquals('\n', bytes[bytes.length - 1]);
        for (String line : Files.readAllLines(file)) {
            assertTrue(Json.mapper().readTree(line).has("finding_info"), "a whole event per line: " + line);
        }
    }

    @Test
    void aCutOffTemporaryCheckpointIsIgnoredAndReplaced() throws IOException {
        byte[] saved = deliverFirstAlerts();
        Path temp = checkpointFile.resolveSibling("t1.checkpoint.json.tmp");
        Files.write(temp, Arrays.copyOf(saved, saved.length / 2));
        List<String> b = moreAlerts();
        try (RelayHarness relay = RelayHarness.start(dir, settings)) {
            relay.awaitDelivered(Set.copyOf(b), Duration.ofSeconds(30));
            await("the checkpoint past B", Duration.ofSeconds(10), () -> checkpoint().windowEnd().isAfter(newest()));
            assertEquals(20, relay.delivered().size(), "each alert once: the run went on from the complete checkpoint");
        }
        assertFalse(Files.exists(temp), "the next save wrote and renamed it");
    }

    @Test
    void aTruncatedCheckpointStopsTheTenantWithHowToRepairIt() throws IOException {
        byte[] saved = deliverFirstAlerts();
        moreAlerts();
        byte[] truncated = Arrays.copyOf(saved, saved.length / 2);
        Files.write(checkpointFile, truncated);
        try (CapturedLog reports = new CapturedLog(PollFailures.class.getName());
             RelayHarness relay = RelayHarness.start(dir, settings)) {
            await("t1 stopped", Duration.ofSeconds(30),
                    () -> !reports.linesContaining("tenant t1: stopped until its checkpoint is repaired").isEmpty());
            String report = reports.lines().get(0);
            assertTrue(report.contains("t1.checkpoint.json of tenant t1 is not valid") && report.contains("restore the "
                    + "file, or set the position deliberately"), report);
            assertEquals(10, relay.delivered().size(), "nothing more delivered, nothing started over");
        }
        assertArrayEquals(truncated, Files.readAllBytes(checkpointFile), "the relay leaves the evidence alone");
    }

    /** Delivers the tenant's first 10 alerts (A) and returns the checkpoint's bytes after them. */
    private byte[] deliverFirstAlerts() throws IOException {
        try (RelayHarness relay = RelayHarness.start(dir, settings)) {
            relay.awaitDelivered(Set.copyOf(tenant.alerts().ids()), Duration.ofSeconds(30));
            await("the checkpoint past A", Duration.ofSeconds(10),
                    () -> Files.exists(checkpointFile) && checkpoint().windowEnd().isAfter(newest()));
        }
        return Files.readAllBytes(checkpointFile);
    }

    /** 10 more alerts (B), updated after the checkpoint: only a later poll can read them. */
    private List<String> moreAlerts() {
        Instant after = checkpoint().windowEnd();
        await("a moment after the checkpoint", Duration.ofSeconds(5), () -> Instant.now().isAfter(after.plusMillis(50)));
        return tenant.alerts().generate(10, after, Instant.now());
    }

    private Checkpoint checkpoint() {
        return checkpoints.load("t1").orElseThrow();
    }

    private Instant newest() {
        return tenant.alerts().versions().stream().map(v -> Instant.parse(v.substring(v.indexOf('@') + 1)))
                .max(Instant::compareTo).orElseThrow();
    }

    private Path onlyFile() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("out"))) {
            List<Path> ndjson = files.filter(f -> f.getFileName().toString().startsWith("alerts-")).toList();
            assertEquals(1, ndjson.size(), ndjson.toString());
            return ndjson.get(0);
        }
    }

    private static List<Integer> lineEnds(byte[] bytes) {
        List<Integer> ends = new ArrayList<>();
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                ends.add(i + 1);
            }
        }
        return ends;
    }
}
