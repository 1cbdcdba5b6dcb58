package io.defenderrelay.deliver;

import io.defenderrelay.config.ConfigurationException;
import io.defenderrelay.config.RelayRun;
import io.defenderrelay.config.SettingsSource;
import io.defenderrelay.graph.Tenants;
import io.defenderrelay.normalize.SeverityLookup;
import io.defenderrelay.observe.RelayMetrics;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The router, the file and Kafka sinks, acknowledgements and dead letters. Added to Camel Main by RelayMain. */
public class DeliverConfiguration implements CamelConfiguration {

    /*
     * A field, not a parameter of the file beans: Camel makes a lazy bean with a destroy method at shutdown to destroy
     * it, when this registry entry may be gone already.
     */
    @BeanInject("relayRun")
    RelayRun relayRun;

    /**
     * The sink rules, and the tenants' own sink lists: RelayBootstrap binds the tenants before routes start (tests of
     * the normalize and deliver routes alone have none).
     */
    @BindToRegistry(lazy = true)
    public SinkRouter sinkRouter(CamelContext context, SeverityLookup severityLookup) {
        Map<String, Set<String>> tenantSinks = new HashMap<>();
        Optional.ofNullable(context.getRegistry().lookupByNameAndType("tenants", Tenants.class)).ifPresent(tenants ->
                tenants.all().forEach(tenant -> tenantSinks.put(tenant.settings().name(), tenant.settings().sinks())));
        return new SinkRouter(SinkRules.read(SettingsSource.of(context), severityLookup), tenantSinks);
    }

    @BindToRegistry(lazy = true)
    public SinkAcknowledgements sinkAcknowledgements(RelayMetrics relayMetrics) {
        return new SinkAcknowledgements(relayMetrics);
    }

    @BindToRegistry(lazy = true)
    public GroupBySink groupBySink(SinkAcknowledgements sinkAcknowledgements, SinkRouter sinkRouter,
                                   RelayMetrics relayMetrics) {
        return new GroupBySink(sinkAcknowledgements, sinkRouter, relayMetrics);
    }

    @BindToRegistry(lazy = true, destroyMethod = "close")
    public NdjsonFileSink ndjsonFileSink(@PropertyInject("relay.sink.file.dir") String dir,
                                         @PropertyInject("relay.sink.file.per-tenant") boolean perTenant,
                                         @PropertyInject("relay.sink.file.max-bytes") long maxBytes) {
        return inDirectory("relay.sink.file.dir", relayRun.resolve(dir),
                path -> new NdjsonFileSink(path, perTenant, maxBytes, Clock.systemUTC()));
    }

    @BindToRegistry(lazy = true, destroyMethod = "close")
    public DeadLetterFile deadLetterFile(@PropertyInject("relay.dead-letter.dir") String dir) {
        return inDirectory("relay.dead-letter.dir", relayRun.resolve(dir), path -> new DeadLetterFile(path, Clock.systemUTC()));
    }

    private interface FileOpener<T> {
        T open(Path dir) throws IOException;
    }

    /** A writer of files in the directory {@code key} names; a directory it cannot write stops startup. */
    private static <T> T inDirectory(String key, Path dir, FileOpener<T> opener) {
        try {
            return opener.open(dir);
        } catch (IOException e) {
            throw new ConfigurationException(key + " " + dir + " is not writable: " + e.getMessage(), e);
        }
    }

    @BindToRegistry(lazy = true)
    public KafkaRecords kafkaRecords(@PropertyInject("relay.sink.kafka.headers") String headers) {
        Set<String> names = Arrays.stream(headers.split(",")).map(String::trim).filter(h -> !h.isEmpty())
                .collect(Collectors.toSet());
        return new KafkaRecords(names);
    }
}
