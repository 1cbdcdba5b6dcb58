package io.defenderrelay.cluster;

import io.defenderrelay.observe.RelayMetrics;
import io.defenderrelay.support.Trouble;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The instance's membership in the group: a consumer subscribed to the coordination topic (it never reads a record),
 * so Kafka's group protocol with cooperative-sticky assignment decides which instance polls which tenant. Assigned
 * partitions become owned tenants; revoked or lost ones are let go before anyone else takes them. A tenant this
 * instance was fenced from while the group still lists it here is taken again only after a fresh rebalance confirms it.
 */
public final class ClusterMembership implements AutoCloseable {
    static final Trouble LOST = new Trouble("`cluster` DOWN \"rejoining\", a WARN \"lost its membership\", INFO lines"
            + " \"Kafka fenced its transactional producer\"", "this instance sent no heartbeat to group {group} within"
            + " relay.cluster.session-timeout {session-timeout} (a pause, a long GC, a network partition): the group gave its"
            + " tenants to the others, and Kafka refuses its writes for them", "nothing if rare: it rejoins and takes a"
            + " share again; if frequent, raise relay.cluster.session-timeout or the heap, and check that every instance"
            + " lists the same tenants");
    private static final Logger LOG = LoggerFactory.getLogger(ClusterMembership.class);

    private final ClusterSettings settings;
    private final TenantSlots slots;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final TenantOwnership ownership;
    private final RelayMetrics metrics;
    private final Clock clock;
    private final Set<String> tenants = new ConcurrentSkipListSet<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile String state = "joining";
    private volatile Instant since;

    ClusterMembership(ClusterSettings settings, TenantSlots slots, Properties consumerClient, TenantOwnership ownership,
                      RelayMetrics metrics, Clock clock) {
        this.settings = settings;
        this.slots = slots;
        this.ownership = ownership;
        this.metrics = metrics;
        this.clock = clock;
        this.since = clock.instant();
        Properties properties = new Properties();
        properties.putAll(consumerClient);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, settings.group());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        properties.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) settings.sessionTimeout().toMillis());
        properties.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) settings.sessionTimeout().toMillis() / 3);
        this.consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "relay-cluster-" + settings.group());
    }

    void start() {
        thread.start();
    }

    private void run() {
        consumer.subscribe(List.of(settings.tenantsTopic()), new Listener());
        try {
            while (running) {
                pollGroup();
                List<String> fenced = tenants.stream().filter(ownership::isFenced).toList();
                if (!fenced.isEmpty()) {
                    LOG.info("cluster: fenced from {} while the group lists them here; asking the group to confirm", fenced);
                    consumer.enforceRebalance("fenced from " + fenced);
                }
            }
        } catch (WakeupException e) {
            // close() ends the loop
        } catch (RuntimeException e) {
            LOG.error("cluster: membership in group {} failed: {}; this instance polls no tenant until it restarts",
                    settings.group(), e.toString(), e);
            state = "failed: " + e.getMessage();
        } finally {
            release(List.copyOf(tenants));
            consumer.close(Duration.ofSeconds(5)); // leaving the group at once lets the others take over now
        }
    }

    /** One poll of the group; a failed rebalance callback is said and the next poll tries again. */
    private void pollGroup() {
        try {
            consumer.poll(Duration.ofMillis(500));
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            LOG.warn("cluster: group {}: {}", settings.group(), e.toString());
        }
    }

    private final class Listener implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            metrics.rebalanced();
            List<String> added = slots.tenants(partitions);
            // still listed here after a rebalance that followed a fencing: the group confirms this instance owns them
            List<String> confirmed = tenants.stream().filter(ownership::isFenced).toList();
            List<String> taken = new ArrayList<>(added);
            taken.addAll(confirmed);
            ownership.acquire(taken);
            tenants.addAll(added);
            state = "member";
            since = clock.instant();
            LOG.info("cluster: group {} assigned {} tenant(s) to this instance{}: {}", settings.group(), tenants.size(),
                    added.isEmpty() ? "" : ", new " + added, new TreeSet<>(tenants));
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            List<String> revoked = slots.tenants(partitions);
            if (!revoked.isEmpty()) {
                LOG.info("cluster: group {} moves {} to other instances", settings.group(), revoked);
                release(revoked);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            List<String> lost = slots.tenants(partitions);
            LOG.warn("cluster: this instance lost its membership, stops polling {} and joins again: {}", lost,
                    LOST.said(Map.of("group", settings.group(), "session-timeout", settings.sessionTimeout().toString())));
            state = "rejoining";
            since = clock.instant();
            release(lost);
        }
    }

    private void release(List<String> released) {
        ownership.release(released);
        released.forEach(tenants::remove);
    }

    /** The tenants this instance polls now. */
    public Set<String> tenants() {
        return Set.copyOf(tenants);
    }

    /** "joining", "member", "rejoining" or "failed: …", and since when. */
    public String state() {
        return state + " since " + since;
    }

    /** Why the instance is not a working member of its group; empty when it is. */
    public List<String> problems() {
        Instant now = clock.instant();
        boolean settling = Duration.between(since, now).compareTo(settings.sessionTimeout().multipliedBy(2)) < 0;
        if (state.equals("member") || (settling && !state.startsWith("failed"))) {
            return List.of();
        }
        return List.of("cluster group " + settings.group() + ": " + state());
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
