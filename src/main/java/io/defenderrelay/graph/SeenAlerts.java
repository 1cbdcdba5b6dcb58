package io.defenderrelay.graph;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.processor.idempotent.FileIdempotentRepository;
import org.apache.camel.support.service.ServiceHelper;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Alert versions (id, lastUpdateDateTime) already delivered, per tenant: the look-back re-reads recent windows to
 * catch late arrivals, and this keeps what was delivered then from going out twice. Kept in Camel's file-backed
 * idempotent repository; keys are added only after a window's delivery was acknowledged.
 */
public final class SeenAlerts implements AutoCloseable {

    private final Path stateDir;
    private final int capacity;
    private final Map<String, IdempotentRepository> byTenant = new ConcurrentHashMap<>();

    public SeenAlerts(Path stateDir, int capacity) {
        this.stateDir = stateDir;
        this.capacity = capacity;
    }

    private IdempotentRepository of(String tenant) {
        return byTenant.computeIfAbsent(tenant, t -> {
            IdempotentRepository repository = FileIdempotentRepository.fileIdempotentRepository(
                    stateDir.resolve(t + ".seen").toFile(), capacity, 64L * 1024 * 1024);
            ServiceHelper.startService(repository);
            return repository;
        });
    }

    /** The window's alerts not delivered before, oldest first. */
    public List<JsonNode> unseen(String tenant, WindowRead read) {
        IdempotentRepository seen = of(tenant);
        return read.alerts().entrySet().stream().filter(e -> !seen.contains(e.getKey())).map(Map.Entry::getValue).toList();
    }

    public void remember(String tenant, WindowRead read) {
        IdempotentRepository seen = of(tenant);
        read.alerts().keySet().forEach(seen::add);
    }

    @Override
    public void close() {
        byTenant.values().forEach(ServiceHelper::stopService);
    }
}
