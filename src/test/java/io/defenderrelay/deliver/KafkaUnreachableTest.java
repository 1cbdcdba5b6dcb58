package io.defenderrelay.deliver;

import io.defenderrelay.RelayHarness;
import io.defenderrelay.graph.PollFailures;
import io.defenderrelay.simulator.SimTenant;
import io.defenderrelay.testing.CapturedLog;
import io.defenderrelay.testing.FreePort;
import io.defenderrelay.testing.RelayProcess;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.defenderrelay.RelayHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Kafka sink whose brokers do not answer (a closed port on 127.0.0.1) is said within seconds of startup and in one
 * line per failed window, and stopping the relay (SIGTERM) while it waits for Kafka ends within the shutdown timeout.
 */
class KafkaUnreachableTest {
    private static final int ALERTS = 10;
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final SimTenant tenant = RelayHarness.newSecretTenant(ALERTS, Duration.ofMinutes(30));
    private final String brokers = "127.0.0.1:" + FreePort.pick();

    private Map<String, String> settings() {
        Map<String, String> settings = RelayHarness.settingsFor(tenant, dir, "PT1H");
        settings.put("relay.sink.kafka.enabled", "true");
        settings.put("relay.sink.kafka.brokers", brokers);
        settings.put("relay.sink.kafka.probe-timeout", "3s");
        return settings;
    }

    @Test
    void anUnreachableKafkaIsSaidAtStartupAndOncePerFailedWindow() {
        Map<String, String> settings = settings();
        settings.put("relay.sink.kafka.delivery-timeout-ms", "3000");
        settings.put("relay.sink.kafka.request-timeout-ms", "2000");
        try (CapturedLog probe = new CapturedLog(KafkaProbe.class.getName());
             CapturedLog reports = new CapturedLog(PollFailures.class.getName());
             CapturedLog network = new CapturedLog("org.apache.kafka.clients.NetworkClient")) {
            Instant started = Instant.now();
            try (RelayHarness relay = RelayHarness.start(dir, settings)) {
                await("the probe's warning", Duration.ofSeconds(15), () -> !probe.lines().isEmpty());
                assertTrue(Duration.between(started, probe.lines().isEmpty() ? Instant.now()
                        : probe.linesContaining("Kafka").get(0).at()).toSeconds() < 10, "within seconds");
                String warning = probe.lines().get(0);
                assertTrue(warning.startsWith("WARN Kafka sink: no broker reachable at " + brokers + " ("), warning);
                assertTrue(warning.contains("each window waits up to relay.sink.kafka.delivery-timeout-ms (3 s)"), warning);

                await("a failed window", Duration.ofSeconds(20), () -> !reports.lines().isEmpty());
                String report = reports.lines().get(0);
                assertTrue(report.startsWith("WARN tenant t1: poll stopped, checkpoint kept: Kafka at " + brokers
                        + " did not acknowledge the window's records ("), report);
                assertFalse(report.contains("\n"), "one line: " + report);
            }
            assertEquals(0, network.lines().stream().filter(line -> line.startsWith("WARN")).count(),
                    "the client's reconnect warnings are quieted: " + network.lines().size());
        }
    }

    @Test
    void sigtermWhileKafkaIsDownEndsWithinTheShutdownTimeout() {
        Map<String, String> settings = settings();
        // shorter than the shipped 30 s to keep the suite fast; the same forced end of the waiting window
        settings.put("camel.main.shutdown-timeout", String.valueOf(SHUTDOWN_TIMEOUT.toSeconds()));
        try (RelayProcess relay = RelayProcess.start(dir.resolve("home"), settings)) {
            try {
                await("the probe's warning", Duration.ofSeconds(60), Duration.ofMillis(200),
                        () -> relay.log().contains("Kafka sink: no broker reachable at " + brokers));
                await("a poll waiting for Kafka", Duration.ofSeconds(30), Duration.ofMillis(200),
                        () -> relay.log().contains("[Producer clientId="));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\n" + relay.log(), e);
            }
            long start = System.nanoTime();
            relay.handle().destroy(); // SIGTERM, as Ctrl-C or a service manager stop
            Duration bound = SHUTDOWN_TIMEOUT.plusSeconds(10);
            boolean exited = relay.handle().onExit().thenApply(h -> true)
                    .completeOnTimeout(false, bound.toSeconds(), TimeUnit.SECONDS).join();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(exited, "still running " + bound + " after SIGTERM (shutdown timeout " + SHUTDOWN_TIMEOUT
                    + "):\n" + relay.log());
            System.out.println("relay exited " + took.toMillis() + " ms after SIGTERM");
            assertFalse(relay.log().contains("NetworkClient"), "no reconnect warnings:\n" + relay.log());
        }
    }
}
