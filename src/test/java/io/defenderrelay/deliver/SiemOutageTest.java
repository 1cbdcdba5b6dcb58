package io.defenderrelay.deliver;

import io.defenderrelay.RelayHarness;
import io.defenderrelay.graph.PollFailures;
import io.defenderrelay.simulator.SimTenant;
import io.defenderrelay.testing.CapturedLog;
import io.defenderrelay.testing.FailedPolls;
import io.defenderrelay.testing.FreePort;
import io.defenderrelay.testing.HecReceiver;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.defenderrelay.RelayHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A SIEM that is busy or gone: the real relay tries each request relay.sink.siem.retries + 1 times per poll, then
 * the poll fails with one report, the checkpoint stays, and the next poll resumes the window.
 */
class SiemOutageTest {
    private static final int ALERTS = 40;
    private static final String TOKEN = "hec-token-outage";
    private static final String BUSY_REPORT =
            "HEC answered HTTP 503 code 9 \"Server is busy\" (indexer queues full), still after relay.sink.siem.retries retries";

    @TempDir
    Path dir;

    private final SimTenant tenant = RelayHarness.newSecretTenant();

    @BeforeEach
    void alerts() {
        Instant now = Instant.now();
        tenant.alerts().generate(ALERTS, now.minus(Duration.ofMinutes(30)), now.minusSeconds(5));
    }

    private Map<String, String> siemSettings(String url) {
        Map<String, String> settings = RelayHarness.settingsFor(tenant, dir, "PT1H");
        settings.put("relay.poll.interval", "1s");
        settings.put("relay.sink.siem.enabled", "true");
        settings.put("relay.sink.siem.min-severity", "");
        settings.put("relay.sink.siem.url", url);
        settings.put("relay.sink.siem.token", TOKEN);
        settings.put("relay.sink.siem.retries", "2");
        settings.put("relay.sink.siem.retry-delay-ms", "100");
        settings.put("relay.sink.siem.max-retry-delay-ms", "2000");
        return settings;
    }

    @Test
    void aBusySiemGetsRetriesPlusOneRequestsPerPollThenEveryAlertOnceItRecovers() throws IOException {
        try (HecReceiver hec = HecReceiver.start(TOKEN); CapturedLog reports = new CapturedLog(PollFailures.class.getName())) {
            hec.busyFor(Duration.ofHours(1));
            try (RelayHarness relay = RelayHarness.start(dir, siemSettings(hec.eventUrl()))) {
                await("two failed polls", Duration.ofSeconds(30), () -> reports.lines().size() >= 2);
                assertFalse(Files.exists(checkpoint()), "the checkpoint does not move past an unacknowledged window");

                hec.busyFor(Duration.ZERO);
                await("every alert at the SIEM", Duration.ofSeconds(30), () -> hec.distinctUids().size() == ALERTS);
                await("the checkpoint after the window", Duration.ofSeconds(10), () -> Files.exists(checkpoint()));

                List<CapturedLog.Line> failed = reports.linesContaining(BUSY_REPORT);
                assertEquals(reports.lines().size(), failed.size(), "each report names the SIEM's answer: " + reports.lines());
                assertEquals(Collections.nCopies(failed.size(), 3L), FailedPolls.attemptsPerPoll(hec.requestTimes(), failed),
                        "one request and two retries per failed poll");
                assertEquals(ALERTS, hec.acceptedCount(), "each alert delivered exactly once");
                assertEquals(Set.copyOf(tenant.alerts().ids()), relay.deliveredIds(), "the file sink has them too");
            }
        }
    }

    @Test
    void aRetryAfterLongerThanTheSiemsOwnMaximumEndsItsAttemptsAtOnce() throws IOException {
        try (HecReceiver hec = HecReceiver.start(TOKEN); CapturedLog reports = new CapturedLog(PollFailures.class.getName())) {
            hec.busyFor(Duration.ofHours(1)); // answers Retry-After: 1
            Map<String, String> settings = siemSettings(hec.eventUrl());
            settings.put("relay.sink.siem.max-retry-delay-ms", "500");
            settings.put("relay.graph.max-retry-delay-ms", "120000"); // Graph's maximum does not apply to the SIEM
            try (RelayHarness relay = RelayHarness.start(dir, settings)) {
                await("two failed polls", Duration.ofSeconds(30), () -> reports.lines().size() >= 2);
                hec.busyFor(Duration.ZERO);
                await("every alert at the SIEM", Duration.ofSeconds(30), () -> hec.distinctUids().size() == ALERTS);
            }
            List<CapturedLog.Line> failed = reports.linesContaining("the SIEM asked to wait 1 s (Retry-After), more than"
                    + " relay.sink.siem.max-retry-delay-ms=500; the window is read again at the next poll");
            assertEquals(reports.lines().size(), failed.size(), reports.lines().toString());
            assertEquals(Collections.nCopies(failed.size(), 1L), FailedPolls.attemptsPerPoll(hec.requestTimes(), failed),
                    "no retry within a poll");
            assertEquals(ALERTS, hec.acceptedCount());
        }
    }

    @Test
    void anUnreachableSiemGetsRetriesPlusOneAttemptsPerPoll() throws IOException {
        String refused = "127.0.0.1:" + FreePort.pick();
        try (CapturedLog reports = new CapturedLog(PollFailures.class.getName());
             CapturedLog attempts = new CapturedLog("org.apache.camel.processor.errorhandler")) {
            try (RelayHarness relay = RelayHarness.start(dir, siemSettings("http://" + refused + HecReceiver.EVENT_PATH))) {
                await("two failed polls", Duration.ofSeconds(30), () -> reports.lines().size() >= 2);
                assertFalse(Files.exists(checkpoint()));
            }
            List<CapturedLog.Line> failed = reports.linesContaining("Connection refused");
            assertEquals(reports.lines().size(), failed.size(), "each report says why: " + reports.lines());
            List<Instant> tries = attempts.linesContaining(refused).stream().map(CapturedLog.Line::at).toList();
            assertEquals(Collections.nCopies(failed.size(), 3L), FailedPolls.attemptsPerPoll(tries, failed));
        }
    }

    private Path checkpoint() {
        return dir.resolve("state").resolve("t1.checkpoint.json");
    }
}
