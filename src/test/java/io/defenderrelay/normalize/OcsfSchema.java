package io.defenderrelay.normalize;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * The validator the tests hold every emitted event to: the official compiled OCSF 1.8.0 schema
 * ({@link CompiledSchema}, {@link SchemaCheck}) plus the relay's own rules ({@link RelayRules}).
 */
final class OcsfSchema {
    private final CompiledSchema schema = CompiledSchema.load();

    /** Errors, deprecation warnings and missing recommended attributes of one event. */
    OcsfReport check(JsonNode event) {
        return SchemaCheck.run(schema, event).withErrors(RelayRules.violations(event));
    }

    /** Empty when the event satisfies every rule; sorted so that assertion messages are stable. */
    List<String> violations(JsonNode event) {
        return check(event).errors().stream().sorted().toList();
    }
}
