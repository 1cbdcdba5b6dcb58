package io.defenderrelay.bench;

import io.defenderrelay.RelayHarness;
import io.defenderrelay.simulator.RecordedRequest;
import io.defenderrelay.simulator.RequestLog;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The start point every benchmark measures the relay from: the first token request it makes after being started,
 * as the simulator received it. What comes before (JVM and Camel start-up) is reported apart.
 */
final class RunStart {
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(2);

    private RunStart() {
    }

    /** Waits for the first token request received at or after {@code since}. @return when it was received */
    static Instant firstTokenRequest(RequestLog log, Instant since) {
        RelayHarness.await("the relay's first token request", STARTUP_TIMEOUT, () -> first(log, since).isPresent());
        return first(log, since).orElseThrow();
    }

    /** The requests of one kind received in {@code [from, to]}. */
    static List<RecordedRequest> between(RequestLog log, RecordedRequest.Kind kind, Instant from, Instant to) {
        return log.all().stream().filter(r -> r.kind() == kind && !r.receivedAt().isBefore(from)
                && !r.receivedAt().isAfter(to)).toList();
    }

    private static Optional<Instant> first(RequestLog log, Instant since) {
        return log.all().stream().filter(r -> r.kind() == RecordedRequest.Kind.TOKEN && !r.receivedAt().isBefore(since))
                .map(RecordedRequest::receivedAt).findFirst();
    }
}
