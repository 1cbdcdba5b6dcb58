package io.defenderrelay.simulator;

import java.time.Duration;
import java.util.Objects;

/**
 * One misbehaviour of Graph's alerts_v2, applied to the next request(s) of a tenant. {@code argument} is the
 * Retry-After value, nextLink URL or provider name, depending on the kind; {@code times} is how many consecutive
 * requests it affects.
 */
public record Fault(Kind kind, String argument, Duration delay, int times) {

    public enum Kind {
        TOO_MANY_REQUESTS, SERVICE_UNAVAILABLE, SLOW, FORBIDDEN, SEGMENT_NOT_FOUND, TRUNCATED_JSON, MALFORMED_JSON,
        FOREIGN_NEXT_LINK, PARTIAL, TOKEN_REJECTED, FOUND, TEMPORARY_REDIRECT, CUT_MID_BODY
    }

    public Fault {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(delay, "delay");
        if (times < 1) {
            throw new IllegalArgumentException("a fault must apply at least once, got times=" + times);
        }
    }

    /** 429 with {@code Retry-After} sent verbatim ("2", "0.5" or an HTTP date). */
    public static Fault tooManyRequests(String retryAfter) {
        return new Fault(Kind.TOO_MANY_REQUESTS, Objects.requireNonNull(retryAfter, "retryAfter"), Duration.ZERO, 1);
    }

    /** 503, with {@code Retry-After} only when the argument is not null. */
    public static Fault serviceUnavailable(String retryAfterOrNull) {
        return new Fault(Kind.SERVICE_UNAVAILABLE, retryAfterOrNull, Duration.ZERO, 1);
    }

    /** Waits, then serves the request normally. */
    public static Fault slow(Duration delay) {
        return new Fault(Kind.SLOW, null, delay, 1);
    }

    /** 401 InvalidAuthenticationToken for a token that is otherwise valid, as when Entra revokes it mid-lifetime. */
    public static Fault tokenRejected() {
        return new Fault(Kind.TOKEN_REJECTED, null, Duration.ZERO, 1);
    }

    /** 403 Authorization_RequestDenied, as when admin consent is missing. */
    public static Fault forbidden() {
        return new Fault(Kind.FORBIDDEN, null, Duration.ZERO, 1);
    }

    /** 404 "Resource not found for the segment 'alerts_v2'.", as for a tenant not on unified Defender XDR. */
    public static Fault segmentNotFound() {
        return new Fault(Kind.SEGMENT_NOT_FOUND, null, Duration.ZERO, 1);
    }

    /** 200 whose body is the real page cut in half. */
    public static Fault truncatedJson() {
        return new Fault(Kind.TRUNCATED_JSON, null, Duration.ZERO, 1);
    }

    /** 200 whose connection closes after half of the announced body was sent, as when a proxy or load balancer drops it. */
    public static Fault cutMidBody() {
        return new Fault(Kind.CUT_MID_BODY, null, Duration.ZERO, 1);
    }

    /** 200 whose body is not valid JSON. */
    public static Fault malformedJson() {
        return new Fault(Kind.MALFORMED_JSON, null, Duration.ZERO, 1);
    }

    /** Serves the page with this {@code @odata.nextLink}, whatever remains. */
    public static Fault foreignNextLink(String url) {
        return new Fault(Kind.FOREIGN_NEXT_LINK, Objects.requireNonNull(url, "url"), Duration.ZERO, 1);
    }

    /** 302 Found with {@code Location: url}, as a misrouted gateway or a hostile server might answer. */
    public static Fault found(String url) {
        return new Fault(Kind.FOUND, Objects.requireNonNull(url, "url"), Duration.ZERO, 1);
    }

    /** 307 Temporary Redirect with {@code Location: url}: a client that follows it repeats the request as it was. */
    public static Fault temporaryRedirect(String url) {
        return new Fault(Kind.TEMPORARY_REDIRECT, Objects.requireNonNull(url, "url"), Duration.ZERO, 1);
    }

    /** 206 with {@code Warning: 199 - "Microsoft/<provider>/504/10000"}; that serviceSource's alerts are left out. */
    public static Fault partial(String provider) {
        return new Fault(Kind.PARTIAL, Objects.requireNonNull(provider, "provider"), Duration.ZERO, 1);
    }

    /** The same fault for this many consecutive requests. */
    public Fault times(int count) {
        return new Fault(kind, argument, delay, count);
    }
}
