package io.defenderrelay.config;

import java.util.Optional;

/**
 * One tenant's fields (tenant-id, client-id, ...) as the operator wrote them: a relay.tenants[i] block of
 * application.properties or an entry of relay.tenants-file. Each field is named in messages the way its source spells it.
 */
interface TenantFields {

    /** The field's value with ${env:...} resolved; empty when absent or blank. */
    Optional<String> get(String field);

    /** How a message names the field: {@code relay.tenants[3].client-id} or {@code tenants.yaml:12 client-id}. */
    String label(String field);

    /** Where the tenant is defined, for a name given twice: {@code relay.tenants[3]} or {@code tenants.yaml:12}. */
    String where();

    /** The name a tenant without one gets; empty when a name is required. */
    Optional<String> defaultName();
}
