package io.defenderrelay.config;

import java.util.Collection;
import java.util.List;
import java.util.Set;

import static io.defenderrelay.config.ValueRule.backfillStart;
import static io.defenderrelay.config.ValueRule.bool;
import static io.defenderrelay.config.ValueRule.cron;
import static io.defenderrelay.config.ValueRule.duration;
import static io.defenderrelay.config.ValueRule.exactlyOneOf;
import static io.defenderrelay.config.ValueRule.isoDuration;
import static io.defenderrelay.config.ValueRule.oneOf;
import static io.defenderrelay.config.ValueRule.severityEntry;
import static io.defenderrelay.config.ValueRule.severityName;
import static io.defenderrelay.config.ValueRule.text;
import static io.defenderrelay.config.ValueRule.url;
import static io.defenderrelay.config.ValueRule.whole;

/**
 * What each relay.* value must be (the relay.tenants[i] blocks are {@link TenantSettings}'). A required key may not be
 * emptied; an optional one means "not set" when empty, as application.properties says beside it.
 */
final class SettingValues {
    private static final long INT = Integer.MAX_VALUE;

    private record Rule(KeyPattern key, boolean required, ValueRule value) {
    }

    private final List<Rule> rules;

    /** @param severities the entries of the relay.severity.* table, which min-severity thresholds may name */
    SettingValues(Collection<Severity> severities) {
        rules = List.of(
                required("relay.demo", oneOf("auto", "true", "false")),
                optional("relay.authority-host", url()),
                optional("relay.graph-host", url()),
                optional("relay.proxy.url", text()),
                optional("relay.proxy.username", text()),
                optional("relay.proxy.password", text()),
                optional("relay.proxy.password-file", text()),
                optional("relay.proxy.no-proxy", text()),
                required("relay.token.timeout", duration(true)),
                required("relay.certificate.expiry-warning", duration(false)),
                required("relay.health.failed-polls", whole(1, INT)),
                required("relay.health.max-lag", duration(true)),
                required("relay.health.sink-failure", duration(true)),
                optional("relay.health.silence", duration(true)),
                optional("relay.log.format", exactlyOneOf("text", "json")),
                optional("relay.tenants-file", text()),
                required("relay.poll.interval", duration(true)),
                required("relay.poll.threads", whole(1, 1000)),
                required("relay.normalize.threads", whole(1, 1000)),
                optional("relay.poll.cron", cron()),
                optional("relay.backfill.start", backfillStart()),
                required("relay.ingestion-delay", isoDuration(false)),
                required("relay.lookback", isoDuration(false)),
                required("relay.late-audit", isoDuration(false)),
                required("relay.poll.max-window", isoDuration(true)),
                required("relay.graph.window-target", whole(1, INT)),
                required("relay.graph.max-page-bytes", whole(1, INT)),
                required("relay.graph.retries", whole(0, INT)),
                required("relay.graph.retry-delay-ms", whole(0, Long.MAX_VALUE)),
                required("relay.graph.max-retry-delay-ms", whole(0, Long.MAX_VALUE)),
                required("relay.graph.endpoint", url()),
                required("relay.state.dir", text()),
                required("relay.cluster.enabled", bool()),
                required("relay.cluster.group", text()),
                required("relay.cluster.session-timeout", duration(true)),
                required("relay.cluster.transaction-timeout", duration(true)),
                required("relay.cluster.replication-factor", whole(-1, Short.MAX_VALUE)),
                required("relay.routes", text()),
                required("relay.routes.reload", bool()),
                required("relay.output.include-raw", bool()),
                required("relay.severity.<graphSeverity>", severityEntry()),
                required("relay.category.<serviceSource>", text()),
                required("relay.dead-letter.dir", text()),
                required("relay.sink.<file|kafka|siem>.enabled", bool()),
                optional("relay.sink.<file|kafka|siem>.min-severity", severityName(severities)),
                optional("relay.sink.<file|kafka|siem>.suppressed", oneOf("include", "exclude", "only")),
                required("relay.sink.file.dir", text()),
                required("relay.sink.file.per-tenant", bool()),
                required("relay.sink.file.max-bytes", whole(1, Long.MAX_VALUE)),
                required("relay.sink.kafka.brokers", text()),
                required("relay.sink.kafka.topic", text()),
                required("relay.sink.kafka.compression", oneOf("none", "gzip", "snappy", "lz4", "zstd")),
                required("relay.sink.kafka.delivery-timeout-ms", whole(1, INT)),
                required("relay.sink.kafka.request-timeout-ms", whole(1, INT)),
                required("relay.sink.kafka.probe-timeout", duration(true)),
                required("relay.sink.kafka.uri", text()),
                required("relay.sink.siem.format", oneOf("hec", "bulk", "json")),
                required("relay.sink.siem.url", url()),
                required("relay.sink.siem.auth-header", text()),
                required("relay.sink.siem.gzip", bool()),
                optional("relay.sink.siem.batch.max-count", whole(1, INT)),
                optional("relay.sink.siem.batch.max-bytes", whole(1, Long.MAX_VALUE)),
                required("relay.sink.siem.index", text()),
                required("relay.sink.siem.json.layout", oneOf("array", "ndjson")),
                required("relay.sink.siem.retries", whole(0, INT)),
                required("relay.sink.siem.retry-delay-ms", whole(0, Long.MAX_VALUE)),
                required("relay.sink.siem.max-retry-delay-ms", whole(0, Long.MAX_VALUE)));
    }

    private static Rule required(String key, ValueRule value) {
        return new Rule(new KeyPattern(key), true, value);
    }

    private static Rule optional(String key, ValueRule value) {
        return new Rule(new KeyPattern(key), false, value);
    }

    void check(Set<String> keys, SettingsSource settings, Problems problems) {
        for (String key : keys) {
            rules.stream().filter(rule -> rule.key().matches(key)).findFirst().ifPresent(rule ->
                    settings.get(key).ifPresentOrElse(
                            value -> rule.value().problem(key, value).ifPresent(problems::add),
                            () -> {
                                if (rule.required()) {
                                    problems.add(SettingsSource.emptied(key));
                                }
                            }));
        }
    }

    /** The keys the rules name, as written: each must be a key the relay knows. */
    List<String> ruledKeys() {
        return rules.stream().map(rule -> rule.key().written()).toList();
    }
}
