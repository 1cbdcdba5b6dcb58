package io.defenderrelay.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EnvReferencesTest {
    private final Map<String, String> env = Map.of("RELAY_CLIENT_SECRET", "s3cr$t\\1");

    @Test
    void resolvesSetVariablesAndDefaultsAndLeavesUnsetOnesAsWritten() {
        assertEquals("s3cr$t\\1", EnvReferences.resolve("${env:RELAY_CLIENT_SECRET}", env::get));
        assertEquals("a-fallback-b", EnvReferences.resolve("a-${env:UNSET:fallback}-b", env::get));
        assertEquals("", EnvReferences.resolve("${env:UNSET:}", env::get));
        assertEquals("${env:UNSET}", EnvReferences.resolve("${env:UNSET}", env::get));
        assertEquals("plain", EnvReferences.resolve("plain", env::get));
    }

    @Test
    void namesTheVariablesAValueNeedsAndThoseThatAreMissing() {
        String value = "RAW(${env:KAFKA_JAAS}) ${env:RELAY_CLIENT_SECRET} ${env:OPTIONAL:x}";
        assertEquals(Set.of("KAFKA_JAAS", "RELAY_CLIENT_SECRET", "OPTIONAL"), EnvReferences.names(value));
        assertEquals(List.of("KAFKA_JAAS"), EnvReferences.unset(value, env::get));
    }
}
