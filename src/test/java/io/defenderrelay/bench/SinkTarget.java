package io.defenderrelay.bench;

import io.defenderrelay.testing.DeliveredAlerts;
import io.defenderrelay.testing.EmbeddedKafka;
import io.defenderrelay.testing.EmbeddedOpenSearch;
import io.defenderrelay.testing.HecReceiver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** One sink under test: how the relay is pointed at it, how much it holds so far, and the exact final check. */
interface SinkTarget extends AutoCloseable {
    String HEC_TOKEN = "bench-hec-token";

    Map<String, String> settings();

    /** Alerts the sink holds so far; cheap, since it is asked while the relay runs. */
    long held();

    default Duration pollPeriod() {
        return Duration.ofMillis(50);
    }

    /** Fails unless the sink holds exactly the expected alerts; {@code home} is the relay's (out/ for files). */
    void assertHoldsExactly(Set<String> expected, Path home);

    @Override
    default void close() {
    }

    /** A fresh target: its own out/, topic, index or receiver. */
    static SinkTarget of(String sink, Path runDir) throws IOException {
        return switch (sink) {
            case "file" -> new FileTarget(new OutputLines(runDir.resolve("out")));
            case "kafka" -> KafkaTarget.freshTopic(EmbeddedKafka.instance());
            case "opensearch" -> OpenSearchTarget.create(EmbeddedOpenSearch.instance(), "alerts-" + UUID.randomUUID());
            case "hec" -> new HecTarget(HecReceiver.startCounting(HEC_TOKEN));
            default -> throw new IllegalArgumentException("no benchmark target for sink " + sink);
        };
    }

    record FileTarget(OutputLines lines) implements SinkTarget {
        @Override
        public Map<String, String> settings() {
            return Map.of();
        }

        @Override
        public long held() {
            try {
                return lines.count();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void assertHoldsExactly(Set<String> expected, Path home) {
            ExactlyOnce.assertHeld(expected, new DeliveredAlerts(home.resolve("out")).all(), "lines in out/");
        }
    }

    record KafkaTarget(EmbeddedKafka kafka, String topic, EmbeddedKafka.RecordCount records)
            implements SinkTarget {
        static KafkaTarget freshTopic(EmbeddedKafka kafka) {
            String topic = "alerts-" + UUID.randomUUID();
            kafka.createTopic(topic, 3);
            return new KafkaTarget(kafka, topic, kafka.recordCount(topic));
        }

        @Override
        public Map<String, String> settings() {
            return alone(Map.of("relay.sink.kafka.enabled", "true",
                    "relay.sink.kafka.brokers", kafka.bootstrapServers(),
                    "relay.sink.kafka.topic", topic));
        }

        @Override
        public long held() {
            return records.get();
        }

        @Override
        public void assertHoldsExactly(Set<String> expected, Path home) {
            List<String> keys = new ArrayList<>(expected.size());
            kafka.readAll(topic, Duration.ofMinutes(2), record -> keys.add(record.key()));
            ExactlyOnce.assertHeld(expected, keys, "record keys in topic " + topic);
        }

        @Override
        public void close() {
            records.close();
        }
    }

    record OpenSearchTarget(EmbeddedOpenSearch search, String index) implements SinkTarget {
        /**
         * The index with the mapping README "Choosing outputs" recommends (unmapped kept, not indexed): with dynamic
         * mapping of unmapped.*, the simulator's evidence mix passes OpenSearch's 1000-field limit and those events
         * become dead letters, so the index never holds every alert.
         */
        static OpenSearchTarget create(EmbeddedOpenSearch search, String index) {
            search.createIndex(index, "{\"properties\":{\"unmapped\":{\"type\":\"object\",\"enabled\":false}}}");
            return new OpenSearchTarget(search, index);
        }

        @Override
        public Map<String, String> settings() {
            return siem(Map.of("relay.sink.siem.format", "bulk",
                    "relay.sink.siem.url", search.httpUrl() + "/_bulk",
                    "relay.sink.siem.index", index));
        }

        @Override
        public long held() {
            return search.count(index);
        }

        /** Each count refreshes the index, which costs the node being measured. */
        @Override
        public Duration pollPeriod() {
            return Duration.ofSeconds(1);
        }

        @Override
        public void assertHoldsExactly(Set<String> expected, Path home) {
            assertEquals(expected.size(), search.count(index),
                    "documents in index " + index + " (one _id per alert version, each alert has one version)");
        }

        @Override
        public void close() {
            search.deleteIndex(index);
        }
    }

    record HecTarget(HecReceiver hec) implements SinkTarget {
        @Override
        public Map<String, String> settings() {
            return siem(Map.of("relay.sink.siem.url", hec.eventUrl(), "relay.sink.siem.token", HEC_TOKEN));
        }

        @Override
        public long held() {
            return hec.acceptedCount();
        }

        @Override
        public void assertHoldsExactly(Set<String> expected, Path home) {
            Set<String> uids = hec.distinctUids();
            assertEquals(hec.acceptedCount(), uids.size(), "HEC accepted no event twice");
            // metadata.uid is "<alert id>@<lastUpdateDateTime>"
            List<String> alertIds = uids.stream().map(uid -> uid.substring(0, uid.indexOf('@'))).toList();
            ExactlyOnce.assertHeld(expected, alertIds, "alerts in HEC events' metadata.uid");
        }

        @Override
        public void close() {
            hec.close();
        }
    }

    /** The given sink settings, with the file and SIEM sinks off unless they turn them on. */
    private static Map<String, String> alone(Map<String, String> sinkSettings) {
        Map<String, String> settings = new HashMap<>(Map.of("relay.sink.file.enabled", "false",
                "relay.sink.siem.enabled", "false"));
        settings.putAll(sinkSettings);
        return settings;
    }

    /** The SIEM sink alone, taking every severity. */
    private static Map<String, String> siem(Map<String, String> siemSettings) {
        Map<String, String> settings = new HashMap<>(siemSettings);
        settings.put("relay.sink.siem.enabled", "true");
        settings.put("relay.sink.siem.min-severity", "");
        return alone(settings);
    }
}
