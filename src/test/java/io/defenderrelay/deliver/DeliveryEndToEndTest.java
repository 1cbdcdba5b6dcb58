package io.defenderrelay.deliver;

import io.defenderrelay.support.Json;
import io.defenderrelay.RelayHarness;
import io.defenderrelay.graph.PollFailures;
import io.defenderrelay.simulator.SimTenant;
import io.defenderrelay.testing.CapturedLog;
import io.defenderrelay.testing.EmbeddedKafka;
import io.defenderrelay.testing.EmbeddedOpenSearch;
import io.defenderrelay.testing.FailedPolls;
import io.defenderrelay.testing.HecReceiver;
import io.defenderrelay.testing.ShippedSettings;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.defenderrelay.RelayHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The router and the sinks end to end: the real relay polling the simulator, delivering to a real in-JVM Kafka
 * broker, a real embedded OpenSearch node, a HEC-contract receiver and real files.
 */
class DeliveryEndToEndTest {
    private static final Set<String> BELOW_MEDIUM = Set.of("low", "informational", "unknown");
    /** The index mapping README "Choosing outputs" recommends for Elasticsearch/OpenSearch. */
    private static final String UNMAPPED_NOT_INDEXED = "{\"properties\":{\"unmapped\":{\"type\":\"object\",\"enabled\":false}}}";

    @TempDir
    Path dir;

    private static SimTenant tenantWith(int alerts) {
        return RelayHarness.newSecretTenant(alerts, Duration.ofHours(5));
    }

    private Map<String, String> settingsFor(SimTenant tenant) {
        Map<String, String> settings = RelayHarness.settingsFor(tenant, dir, "PT6H");
        settings.put("relay.sink.siem.retry-delay-ms", "100");
        settings.put("relay.sink.siem.max-retry-delay-ms", "2000");
        return settings;
    }

    /** Settings with the Kafka sink on, writing to a new 3-partition topic. */
    private Map<String, String> kafkaSettingsFor(SimTenant tenant, String topic) {
        EmbeddedKafka.instance().createTopic(topic, 3);
        Map<String, String> settings = settingsFor(tenant);
        settings.put("relay.sink.kafka.enabled", "true");
        settings.put("relay.sink.kafka.brokers", EmbeddedKafka.instance().bootstrapServers());
        settings.put("relay.sink.kafka.topic", topic);
        return settings;
    }

    private static Set<String> ids(SimTenant tenant) {
        return Set.copyOf(tenant.alerts().ids());
    }

    /** The default SIEM rule: medium and above (and severities newer than the relay). */
    private static Set<String> mediumAndAbove(SimTenant tenant) {
        return tenant.alerts().ids().stream()
                .filter(id -> !BELOW_MEDIUM.contains(tenant.alerts().get(id).path("severity").asText()))
                .collect(Collectors.toSet());
    }

    @Test
    void kafkaGetsEveryAlertKeyedByAlertIdWithRoutingHeaders() {
        SimTenant tenant = tenantWith(1500);
        EmbeddedKafka kafka = EmbeddedKafka.instance();
        String topic = "alerts-" + UUID.randomUUID();
        Map<String, String> settings = kafkaSettingsFor(tenant, topic);
        try (RelayHarness relay = RelayHarness.start(dir, settings)) {
            relay.awaitDelivered(ids(tenant), Duration.ofSeconds(60));
            // the file sink takes each window first: the last window may still be on its way to Kafka
            await("every alert in the topic", Duration.ofSeconds(30), () -> kafkaKeys(kafka, topic).containsAll(ids(tenant)));
            List<ConsumerRecord<String, String>> records = kafka.consumeAll(topic, Duration.ofSeconds(30));
            Set<String> keys = new HashSet<>();
            for (ConsumerRecord<String, String> record : records) {
                JsonNode event = json(record.value());
                assertEquals(event.path("finding_info").path("uid").asText(), record.key(), "key = alert id");
                assertEquals("t1", header(record, "tenant"));
                assertEquals("2004", header(record, "ocsfClass"));
                assertEquals(event.path("unmapped").path("serviceSource").asText(), header(record, "serviceSource"));
                assertEquals(event.path("unmapped").path("relay").path("severity").asText(), header(record, "relaySeverity"));
                keys.add(record.key());
            }
            assertEquals(ids(tenant), keys, "every alert reached Kafka");
            assertEquals(ids(tenant).size(), records.size(), "one record per alert version");
        }
    }

    @Test
    void openSearchGetsMediumAndAboveAndARedeliveredWindowCreatesNoDuplicates() throws IOException {
        SimTenant tenant = tenantWith(1200);
        EmbeddedOpenSearch search = EmbeddedOpenSearch.instance();
        String index = "alerts-" + UUID.randomUUID();
        // as the README asks: the evidence kept whole in unmapped has more distinct fields than an index may map
        search.createIndex(index, UNMAPPED_NOT_INDEXED);
        Map<String, String> settings = settingsFor(tenant);
        settings.put("relay.sink.siem.enabled", "true");
        settings.put("relay.sink.siem.format", "bulk");
        settings.put("relay.sink.siem.url", search.httpUrl() + "/_bulk");
        settings.put("relay.sink.siem.index", index);
        settings.put("relay.sink.siem.batch.max-count", "300");
        Set<String> expected = mediumAndAbove(tenant);
        assertTrue(expected.size() > 100 && expected.size() < 1200, "the mix has both sides of the threshold");
        try (RelayHarness relay = RelayHarness.start(dir, settings)) {
            relay.awaitDelivered(ids(tenant), Duration.ofSeconds(60));
            await("documents in OpenSearch", Duration.ofSeconds(30), () -> search.count(index) == expected.size());
            assertEquals(ids(tenant).size(), relay.delivered().size(), "the file sink got each alert once");
        }
        // a crash before the checkpoint: the same windows are read and sent again
        deleteRecursively(dir.resolve("state"));
        try (RelayHarness relay = RelayHarness.start(dir, settings)) {
            await("the backfill delivered a second time", Duration.ofSeconds(60),
                    () -> relay.delivered().size() >= 2 * ids(tenant).size());
            assertEquals(2 * ids(tenant).size(), relay.delivered().size(), "and once more in the second run");
            assertEquals(expected.size(), search.count(index), "409 on create: no duplicate documents");
        }
    }

    @Test
    void hecGetsEverythingAfterBeingBusyAndAPoisonEventIsDeadLettered() throws IOException {
        SimTenant tenant = tenantWith(800);
        String poison = mediumAndAbove(tenant).stream().sorted().findFirst().orElseThrow();
        try (HecReceiver hec = HecReceiver.start("hec-token-1");
             CapturedLog reports = new CapturedLog(PollFailures.class.getName())) {
            hec.rejectEventsMatching(envelope -> envelope.path("event").path("finding_info").path("uid").asText()
                    .equals(poison), 6);
            hec.busyFor(Duration.ofHours(1));
            Map<String, String> settings = settingsFor(tenant);
            settings.put("relay.sink.siem.enabled", "true");
            settings.put("relay.sink.siem.url", hec.eventUrl());
            settings.put("relay.sink.siem.token", "hec-token-1");
            settings.put("relay.sink.siem.batch.max-count", "100");
            settings.put("relay.sink.siem.retries", "2");
            Set<String> expected = new HashSet<>(mediumAndAbove(tenant));
            expected.remove(poison);
            try (RelayHarness relay = RelayHarness.start(dir, settings)) {
                await("a poll failing on the busy HEC", Duration.ofSeconds(30), () -> !busyReports(reports).isEmpty());
                hec.busyFor(Duration.ZERO);
                await("every medium+ alert at HEC", Duration.ofSeconds(60), () -> hecAlertIds(hec).size() >= expected.size());
                assertEquals(expected, hecAlertIds(hec), "every medium+ alert but the poison");
                relay.awaitDelivered(ids(tenant), Duration.ofSeconds(30));
                assertEquals(ids(tenant).size(), relay.delivered().size(), "the file sink got each alert once");
            }
            List<String> deadLetters = deadLetters();
            assertEquals(1, deadLetters.size(), deadLetters.toString());
            Matcher refused = Pattern.compile("for event (\\d+) of the request").matcher(deadLetters.get(0));
            assertTrue(deadLetters.get(0).contains(poison) && refused.find(), deadLetters.get(0));
            // HEC kept the events ahead of the poison in its request; the relay sent them again with the rest
            assertEquals(expected.size() + Integer.parseInt(refused.group(1)), hec.acceptedCount());
            List<CapturedLog.Line> busy = busyReports(reports);
            assertEquals(reports.lines().size(), busy.size(), reports.lines().toString());
            assertEquals(Collections.nCopies(busy.size(), 3L), FailedPolls.attemptsPerPoll(hec.requestTimes(), busy),
                    "one request and two retries per poll while HEC was busy");
        }
    }

    /**
     * Kafka acknowledges on camel-kafka's worker pool, which every tenant shares; the window must go on (the SIEM
     * after Kafka, its retries, the checkpoint, the next window) on the tenant's poll thread, so that a SIEM outage
     * holds poll threads (relay.poll.threads) and not the pool that completes every tenant's Kafka sends.
     */
    @Test
    void aBusySiemAfterKafkaIsRetriedOnThePollThread() throws IOException {
        SimTenant tenant = tenantWith(300);
        try (HecReceiver hec = HecReceiver.start("hec-token-2");
             CapturedLog reports = new CapturedLog(PollFailures.class.getName())) {
            hec.busyFor(Duration.ofHours(1));
            Map<String, String> settings = kafkaSettingsFor(tenant, "siem-after-kafka-" + UUID.randomUUID());
            settings.put("relay.sink.siem.enabled", "true");
            settings.put("relay.sink.siem.url", hec.eventUrl());
            settings.put("relay.sink.siem.token", "hec-token-2");
            settings.put("relay.sink.siem.retries", "1");
            try (RelayHarness relay = RelayHarness.start(dir, settings)) {
                await("a poll failing on the busy HEC", Duration.ofSeconds(30), () -> !busyReports(reports).isEmpty());
                hec.busyFor(Duration.ZERO);
                await("every medium+ alert at HEC", Duration.ofSeconds(60),
                        () -> hecAlertIds(hec).equals(mediumAndAbove(tenant)));
                relay.awaitDelivered(ids(tenant), Duration.ofSeconds(30));
            }
            List<String> threads = busyReports(reports).stream().map(CapturedLog.Line::thread).distinct().toList();
            assertTrue(threads.stream().allMatch(thread -> thread.startsWith("relay-poll")),
                    "the failed polls were reported on the poll thread: " + threads);
        }
    }

    private static List<CapturedLog.Line> busyReports(CapturedLog reports) {
        return reports.linesContaining("\"Server is busy\"");
    }

    @Test
    void kafkaOutageMidBackfillHoldsTheCheckpointAndLosesNothing() throws IOException {
        SimTenant tenant = tenantWith(3000);
        EmbeddedKafka kafka = EmbeddedKafka.instance();
        String topic = "outage-" + UUID.randomUUID();
        Map<String, String> settings = kafkaSettingsFor(tenant, topic);
        settings.put("relay.sink.kafka.delivery-timeout-ms", "3000");
        settings.put("relay.sink.kafka.request-timeout-ms", "2000");
        Path checkpoint = dir.resolve("state").resolve("t1.checkpoint.json");
        String held;
        try (CapturedLog reports = new CapturedLog(PollFailures.class.getName());
             RelayHarness relay = RelayHarness.start(dir, settings)) {
            await("part of the backfill delivered", Duration.ofSeconds(60), () -> relay.delivered().size() >= 500);
            kafka.stopBroker();
            try {
                // the window in flight when the broker went away may still finish; the first report ends that poll
                await("a poll failing on Kafka", Duration.ofSeconds(30), () -> kafkaReports(reports).size() >= 1);
                held = readOrEmpty(checkpoint);
                await("a second poll failing on Kafka", Duration.ofSeconds(30), () -> kafkaReports(reports).size() >= 2);
                String now = readOrEmpty(checkpoint);
                assertTrue(held.equals(now), "checkpoint held while Kafka is down: windowEnd " + windowEnd(held)
                        + " became " + windowEnd(now));
            } finally {
                kafka.startBroker();
            }
            relay.awaitDelivered(ids(tenant), Duration.ofSeconds(90));
            assertEquals(ids(tenant).size(), relay.delivered().size(),
                    "the file sink took its share once and was not sent it again while Kafka was retried");
            await("every alert in Kafka", Duration.ofSeconds(90), Duration.ofSeconds(1),
                    () -> kafkaKeys(kafka, topic).equals(ids(tenant)));
        }
        // records of a failed window may be in the topic without their acknowledgement: that window is sent again
        Instant failedFrom = windowEnd(held);
        Instant failedTo = failedFrom.plus(Duration.parse(ShippedSettings.map().get("relay.poll.max-window")));
        List<String> keys = kafka.consumeAll(topic, Duration.ofSeconds(30)).stream().map(ConsumerRecord::key).toList();
        Set<String> seen = new HashSet<>();
        Set<String> outsideFailedWindow = keys.stream().filter(key -> !seen.add(key))
                .filter(id -> !updatedIn(tenant, id, failedFrom, failedTo)).collect(Collectors.toSet());
        assertEquals(Set.of(), outsideFailedWindow,
                "duplicates only of the window that failed, [" + failedFrom + ", " + failedTo + ")");
    }

    private static Set<String> kafkaKeys(EmbeddedKafka kafka, String topic) {
        return kafka.consumeAll(topic, Duration.ofSeconds(30)).stream().map(ConsumerRecord::key).collect(Collectors.toSet());
    }

    private static List<CapturedLog.Line> kafkaReports(CapturedLog reports) {
        return reports.linesContaining("did not acknowledge the window's records");
    }

    private static boolean updatedIn(SimTenant tenant, String id, Instant from, Instant to) {
        Instant updated = Instant.parse(tenant.alerts().get(id).path("lastUpdateDateTime").asText());
        return !updated.isBefore(from) && updated.isBefore(to);
    }

    private static Instant windowEnd(String checkpoint) {
        return Instant.parse(json(checkpoint).path("windowEnd").asText());
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void xmlRoutesSendOnlyHighSeverityToHecGzipped() throws IOException {
        SimTenant tenant = tenantWith(600);
        try (HecReceiver hec = HecReceiver.start("hec-token-2")) {
            Map<String, String> settings = settingsFor(tenant);
            settings.put("relay.sink.siem.enabled", "true");
            settings.put("relay.sink.siem.min-severity", "high");
            settings.put("relay.sink.siem.url", hec.eventUrl());
            settings.put("relay.sink.siem.token", "hec-token-2");
            settings.put("relay.sink.siem.gzip", "true");
            Set<String> high = tenant.alerts().ids().stream()
                    .filter(id -> Set.of("high", "unknownFutureValue").contains(tenant.alerts().get(id).path("severity").asText()))
                    .collect(Collectors.toSet());
            // relay.routes is read before Camel starts, from -D, the environment or the file, as a user sets it
            System.setProperty("relay.routes", "poll-alerts.camel.yaml,normalize.camel.yaml,deliver.camel.xml");
            try (RelayHarness relay = RelayHarness.start(dir, settings)) {
                System.clearProperty("relay.routes");
                relay.awaitDelivered(ids(tenant), Duration.ofSeconds(60));
                assertTrue(relay.main().getCamelContext().getRoute("deliver-window").getSourceResource().getLocation().endsWith("deliver.camel.xml"),
                        "the XML routes were loaded");
                await("high alerts at HEC", Duration.ofSeconds(10), () -> hecAlertIds(hec).size() >= high.size());
                assertEquals(high, hecAlertIds(hec), "HEC got the high ones and nothing else");
                assertEquals(high.size(), hec.acceptedCount(), "each once");
            } finally {
                System.clearProperty("relay.routes");
            }
        }
    }

    private static Set<String> hecAlertIds(HecReceiver hec) {
        return hec.events().stream().map(e -> e.path("finding_info").path("uid").asText()).collect(Collectors.toSet());
    }

    private List<String> deadLetters() {
        try (Stream<Path> files = Files.list(dir.resolve("out"))) {
            return files.filter(f -> f.getFileName().toString().startsWith("dead-letter-"))
                    .flatMap(f -> {
                        try {
                            return Files.readAllLines(f).stream();
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    }).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        try (Stream<Path> files = Files.walk(path)) {
            for (Path file : files.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.delete(file);
            }
        }
    }
}
