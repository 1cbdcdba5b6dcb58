package io.defenderrelay.simulator;

import java.util.ArrayList;
import java.util.List;

/** Every request a tenant's endpoints saw, in arrival order, with counters for the common questions. Thread-safe. */
public final class RequestLog {
    private final List<RecordedRequest> requests = new ArrayList<>();

    synchronized void add(RecordedRequest request) {
        requests.add(request);
    }

    /** Number of token endpoint requests (any outcome). */
    public synchronized int tokenRequests() {
        return count(RecordedRequest.Kind.TOKEN);
    }

    /** Number of alerts_v2 requests (any outcome). */
    public synchronized int alertRequests() {
        return count(RecordedRequest.Kind.ALERTS);
    }

    /** Number of requests answered with this HTTP status. */
    public synchronized int withStatus(int status) {
        return (int) requests.stream().filter(r -> r.status() == status).count();
    }

    public synchronized List<RecordedRequest> all() {
        return List.copyOf(requests);
    }

    public synchronized void clear() {
        requests.clear();
    }

    private int count(RecordedRequest.Kind kind) {
        return (int) requests.stream().filter(r -> r.kind() == kind).count();
    }
}
