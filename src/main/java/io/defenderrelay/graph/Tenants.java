package io.defenderrelay.graph;


import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** The tenants of this relay by name, as the routes refer to them. */
public final class Tenants {

    private final Map<String, TenantRuntime> byName = new LinkedHashMap<>();

    public Tenants(Collection<TenantRuntime> tenants) {
        tenants.forEach(t -> byName.put(t.settings().name(), t));
    }

    public TenantRuntime get(String name) {
        TenantRuntime tenant = byName.get(name);
        if (tenant == null) {
            throw new IllegalArgumentException("no tenant named '" + name + "' is configured");
        }
        return tenant;
    }

    public Collection<TenantRuntime> all() {
        return byName.values();
    }
}
