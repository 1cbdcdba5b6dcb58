package io.defenderrelay.deliver.siem;


import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** The SIEM wire formats of relay.sink.siem.format, each with its reply rules and default auth scheme. */
public enum SiemFormat {
    /** Splunk HTTP Event Collector: envelopes concatenated, "Authorization: Splunk &lt;token&gt;". */
    HEC("Splunk"),
    /** Elasticsearch / OpenSearch {@code _bulk} with create actions and _id = metadata.uid. */
    BULK("ApiKey"),
    /** Any JSON collector: an array or NDJSON body. */
    JSON("Bearer");

    private final String defaultAuthScheme;

    SiemFormat(String defaultAuthScheme) {
        this.defaultAuthScheme = defaultAuthScheme;
    }

    public static SiemFormat of(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("relay.sink.siem.format = '" + name + "' is not a SIEM format;"
                    + " use hec (Splunk), bulk (Elasticsearch/OpenSearch) or json (any webhook)", e);
        }
    }

    public String defaultAuthScheme() {
        return defaultAuthScheme;
    }

    /** What the HTTP status and body of an answer mean, before any per-item reading. */
    public SinkReply reply(int status, String body, Optional<Duration> retryAfter) {
        return switch (this) {
            case HEC -> HecResponse.parse(status, body, retryAfter);
            case BULK -> BulkResponse.ofStatus(status, body, retryAfter);
            case JSON -> SinkReply.ofStatus("webhook", status, body, retryAfter);
        };
    }
}
