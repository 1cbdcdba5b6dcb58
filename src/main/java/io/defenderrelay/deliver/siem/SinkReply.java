package io.defenderrelay.deliver.siem;

import java.time.Duration;
import java.util.Optional;

/**
 * What a receiver's answer to one request means for the events of that request. The caller's rules:
 * {@link Accepted} → acknowledged; {@link Retry} → same request again after {@code after} (or own backoff);
 * {@link Split} → resend in halves, a single event answered so goes to the dead letter; {@link EventRejected} →
 * dead-letter that event, resend the ones after it; {@link Fatal} → stop the window and tell the operator.
 */
public sealed interface SinkReply {
    record Accepted() implements SinkReply {
    }

    record Retry(String reason, Optional<Duration> after) implements SinkReply {
    }

    record Split(String reason) implements SinkReply {
    }

    /** {@code index} counts events in the request body from 0. */
    record EventRejected(int index, int code, String text) implements SinkReply {
    }

    record Fatal(String message) implements SinkReply {
    }

    /**
     * The meaning of a bare HTTP status (docs/sinks.md, every sink): 2xx accepted; 408, 429 and 5xx (not 501/505) retried;
     * 413, 400 and 422 split down to the event at fault; 401/403 and anything else fatal.
     */
    static SinkReply ofStatus(String sink, int status, String body, Optional<Duration> retryAfter) {
        if (status >= 200 && status < 300) {
            return new Accepted();
        }
        String answer = sink + " answered HTTP " + status + excerpt(body);
        if (status == 408 || status == 429 || (status >= 500 && status != 501 && status != 505)) {
            return new Retry(answer, retryAfter);
        }
        return switch (status) {
            case 413 -> new Split(answer + " (request too large)");
            case 400, 422 -> new Split(answer + " (content refused)");
            case 401 -> new Fatal(answer + ": the credentials are missing, wrong or expired;"
                    + " check the sink's token setting (relay.sink.siem.token)");
            case 403 -> new Fatal(answer + ": the credentials are valid but not allowed to write here;"
                    + " grant the token/user write access to the target");
            case 404 -> new Fatal(answer + ": nothing listens at that path; check the sink URL (relay.sink.siem.url)");
            default -> new Fatal(answer);
        };
    }

    /** The start of a response body, for messages: enough to recognise it, never a whole page. */
    static String excerpt(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String flat = body.strip().replaceAll("\\s+", " ");
        return ": " + (flat.length() > 300 ? flat.substring(0, 300) + "…" : flat);
    }
}
