package io.defenderrelay.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The OCSF 1.8.0 Detection Finding rules (src/test/resources/ocsf) as a validator. */
final class OcsfSchema {
    private final JsonSchema schema;

    OcsfSchema() {
        try (InputStream in = OcsfSchema.class.getResourceAsStream("/ocsf/detection_finding-1.8.0.schema.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Empty when the event satisfies every rule. */
    List<String> violations(JsonNode event) {
        return schema.validate(event).stream().map(ValidationMessage::getMessage).sorted().toList();
    }
}
