package io.defenderrelay.deliver.siem;

import io.defenderrelay.config.ConfigurationException;
import io.defenderrelay.config.SettingsSource;
import io.defenderrelay.deliver.SinkRules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The relay.sink.siem.* keys: how the SIEM is spoken to (its URL is named by the route). */
public final class SiemSettings {
    private SiemSettings() {
    }

    public static SiemTarget read(SettingsSource settings) {
        try {
            SiemFormat format = SiemFormat.of(settings.value("relay.sink.siem.format"));
            boolean gzip = Boolean.parseBoolean(settings.value("relay.sink.siem.gzip"));
            // batch bounds suit the receiver: its format's unless set
            BatchLimits defaults = switch (format) {
                case HEC -> BatchLimits.hec(gzip);
                case BULK -> BatchLimits.bulk(gzip);
                case JSON -> BatchLimits.webhook(gzip);
            };
            BatchLimits limits = new BatchLimits(
                    settings.get("relay.sink.siem.batch.max-count").map(Integer::parseInt).orElse(defaults.maxCount()),
                    settings.get("relay.sink.siem.batch.max-bytes").map(Long::parseLong).orElse(defaults.maxBytes()),
                    gzip);
            Optional<String> token = token(settings);
            if (format == SiemFormat.HEC && token.isEmpty() && SinkRules.enabled(settings, SiemDelivery.SINK)) {
                throw new ConfigurationException("relay.sink.siem.format = hec needs the HEC token: set"
                        + " relay.sink.siem.token (or RELAY_SINK_SIEM_TOKEN) or relay.sink.siem.token-file");
            }
            String scheme = settings.get("relay.sink.siem.auth-scheme").orElse(format.defaultAuthScheme());
            return new SiemTarget(format, body(settings, format), limits, settings.value("relay.sink.siem.auth-header"),
                    token.map(t -> scheme.equalsIgnoreCase("none") ? t : scheme + " " + t));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
    }

    private static BodyFormat body(SettingsSource settings, SiemFormat format) {
        return switch (format) {
            case HEC -> new HecFormat(settings.get("relay.sink.siem.hec.sourcetype").orElse(""),
                    settings.get("relay.sink.siem.hec.source").orElse(""),
                    settings.get("relay.sink.siem.hec.index").orElse(""), settings.get("relay.sink.siem.hec.host").orElse(""));
            case BULK -> new BulkFormat(settings.value("relay.sink.siem.index"));
            case JSON -> new WebhookFormat(WebhookFormat.Layout.of(settings.value("relay.sink.siem.json.layout")));
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
}
