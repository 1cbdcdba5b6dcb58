package io.defenderrelay.deliver.siem;

/**
 * Upper bounds of one request. Bytes are counted on the uncompressed body, which bounds the gzipped body too,
 * so a receiver's size limit holds whichever way the body is sent.
 */
public record BatchLimits(int maxCount, long maxBytes, boolean gzip) {
    /** Splunk Cloud and older Splunk Enterprise refuse bodies over 1 MB (docs/sinks.md, Splunk HEC). */
    public static final long HEC_MAX_BYTES = 1_000_000;
    /** Inside the 5–15 MB sweet spot of {@code _bulk} and under AWS-managed clusters' 10 MiB limit. */
    public static final long BULK_MAX_BYTES = 10_000_000;
    public static final long WEBHOOK_MAX_BYTES = 1_000_000;

    public BatchLimits {
        if (maxCount < 1) {
            throw new IllegalArgumentException("batch max count must be at least 1, got " + maxCount);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("batch max bytes must be at least 1, got " + maxBytes);
        }
    }

    public static BatchLimits hec(boolean gzip) {
        return new BatchLimits(1_000, HEC_MAX_BYTES, gzip);
    }

    public static BatchLimits bulk(boolean gzip) {
        return new BatchLimits(5_000, BULK_MAX_BYTES, gzip);
    }

    public static BatchLimits webhook(boolean gzip) {
        return new BatchLimits(1_000, WEBHOOK_MAX_BYTES, gzip);
    }
}
