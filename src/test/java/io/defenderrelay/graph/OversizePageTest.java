package io.defenderrelay.graph;

import io.defenderrelay.RelayHarness;
import io.defenderrelay.simulator.SimTenant;
import io.defenderrelay.testing.RelayProcess;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.defenderrelay.RelayHarness.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A page larger than the relay's whole heap: the relay (the real main in a 64 MB JVM) reads no more of it than
 * relay.graph.max-page-bytes, refuses it with one line per poll, and stays up. Read whole, the page alone would not fit.
 */
class OversizePageTest {
    private static final int PAGE_BYTES = 96 * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void aPageLargerThanTheHeapIsRefusedWhileReadingAndTheRelayStaysUp() {
        SimTenant tenant = RelayHarness.newSecretTenant(3, Duration.ofMinutes(30));
        byte[] huge = ("{\"value\":[{\"id\":\"huge\",\"description\":\"" + "x".repeat(PAGE_BYTES) + "\"}]}")
                .getBytes(StandardCharsets.US_ASCII);
        tenant.faults().rewritePages((query, body) -> huge);
        Map<String, String> settings = RelayHarness.settingsFor(tenant, dir, "PT1H");
        settings.put("relay.graph.max-page-bytes", String.valueOf(4 * 1024 * 1024));
        try (RelayProcess relay = RelayProcess.start(dir.resolve("home"), settings, "-Xmx64m")) {
            await("two polls refused", Duration.ofSeconds(90), Duration.ofMillis(200),
                    () -> relay.log().split("more than relay.graph.max-page-bytes", -1).length > 2 || !relay.isAlive());
            assertTrue(relay.isAlive(), relay.log());
            assertFalse(relay.log().contains("OutOfMemoryError"), "no OutOfMemoryError");
        }
    }
}
