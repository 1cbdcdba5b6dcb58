package io.defenderrelay.config;

import io.defenderrelay.deliver.BatchLimits;
import io.defenderrelay.deliver.BodyFormat;
import io.defenderrelay.deliver.BulkFormat;
import io.defenderrelay.deliver.HecFormat;
import io.defenderrelay.deliver.SiemFormat;
import io.defenderrelay.deliver.SiemTarget;
import io.defenderrelay.deliver.SinkRule;
import io.defenderrelay.deliver.WebhookFormat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The relay.sink.* keys: which sink takes which events, and how the SIEM is spoken to. */
public final class SinkSettings {
    /** Every sink the router knows, in the order a window is flushed to them. */
    public static final List<String> SINKS = List.of("file", "kafka", "siem");

    private SinkSettings() {
    }

    public static List<SinkRule> rules(SettingsSource settings) {
        return SINKS.stream().map(sink -> rule(settings, sink)).toList();
    }

    private static SinkRule rule(SettingsSource settings, String sink) {
        String prefix = "relay.sink." + sink + ".";
        try {
            return new SinkRule(sink,
                    Boolean.parseBoolean(settings.get(prefix + "enabled", sink.equals("file") ? "true" : "false")),
                    SinkRule.severityId(sink, settings.get(prefix + "min-severity", "")),
                    list(settings, prefix + "categories"),
                    list(settings, prefix + "service-sources"),
                    list(settings, prefix + "tenants"));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
    }

    public static boolean enabled(SettingsSource settings, String sink) {
        return rule(settings, sink).enabled();
    }

    public static SiemTarget siem(SettingsSource settings) {
        try {
            SiemFormat format = SiemFormat.of(settings.get("relay.sink.siem.format", "hec"));
            boolean gzip = Boolean.parseBoolean(settings.get("relay.sink.siem.gzip", "false"));
            BatchLimits defaults = switch (format) {
                case HEC -> BatchLimits.hec(gzip);
                case BULK -> BatchLimits.bulk(gzip);
                case JSON -> BatchLimits.webhook(gzip);
            };
            BatchLimits limits = new BatchLimits(
                    Integer.parseInt(settings.get("relay.sink.siem.batch.max-count", String.valueOf(defaults.maxCount()))),
                    Long.parseLong(settings.get("relay.sink.siem.batch.max-bytes", String.valueOf(defaults.maxBytes()))),
                    gzip);
            Optional<String> token = token(settings);
            if (format == SiemFormat.HEC && token.isEmpty() && enabled(settings, "siem")) {
                throw new ConfigurationException("relay.sink.siem.format = hec needs the HEC token: set"
                        + " relay.sink.siem.token (or RELAY_SINK_SIEM_TOKEN) or relay.sink.siem.token-file");
            }
            String scheme = settings.get("relay.sink.siem.auth-scheme", format.defaultAuthScheme());
            return new SiemTarget(format, body(settings, format), limits,
                    settings.get("relay.sink.siem.auth-header", "Authorization"),
                    token.map(t -> scheme.equalsIgnoreCase("none") ? t : scheme + " " + t));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
    }

    private static BodyFormat body(SettingsSource settings, SiemFormat format) {
        return switch (format) {
            case HEC -> new HecFormat(settings.get("relay.sink.siem.hec.sourcetype", "ocsf:detection_finding"),
                    settings.get("relay.sink.siem.hec.source", "defender-relay"),
                    settings.get("relay.sink.siem.hec.index", ""), settings.get("relay.sink.siem.hec.host", ""));
            case BULK -> new BulkFormat(settings.get("relay.sink.siem.index", "defender-alerts"));
            case JSON -> new WebhookFormat(WebhookFormat.Layout.of(settings.get("relay.sink.siem.json.layout", "array")));
        };
    }

    private static Optional<String> token(SettingsSource settings) {
        Optional<String> token = settings.get("relay.sink.siem.token");
        if (token.isPresent()) {
            return token;
        }
        Optional<String> file = settings.get("relay.sink.siem.token-file");
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(Path.of(file.get())).strip()).filter(t -> !t.isEmpty());
        } catch (IOException e) {
            throw new ConfigurationException("relay.sink.siem.token-file " + file.get() + " cannot be read: " + e
                    + "; point it at a file holding only the token, readable by the relay's user", e);
        }
    }

    private static Set<String> list(SettingsSource settings, String key) {
        return Arrays.stream(settings.get(key, "").split(",")).map(String::trim).filter(v -> !v.isEmpty())
                .collect(Collectors.toSet());
    }
}
