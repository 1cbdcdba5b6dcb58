package io.defenderrelay.config;

import io.defenderrelay.testing.ShippedSettings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The startup check over the shipped application.properties, with keys and environment variables set per test. */
class StartupCheckTest {
    private final Map<String, String> file = new HashMap<>();
    private final Map<String, String> env = new HashMap<>();

    private List<String> problems() {
        return ShippedSettings.startupProblems(file, env);
    }

    private void assertOnlyProblem(String fragment) {
        List<String> problems = problems();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains(fragment), problems.get(0));
    }

    private void tenant(int index, String name) {
        file.put("relay.tenants[" + index + "].name", name);
        file.put("relay.tenants[" + index + "].tenant-id", "tenant-" + index);
        file.put("relay.tenants[" + index + "].client-id", "app-" + index);
        file.put("relay.tenants[" + index + "].client-secret", "secret-" + index);
    }

    @Test
    void theShippedConfigurationHasNoProblem() {
        assertEquals(List.of(), problems());
        tenant(0, "contoso");
        tenant(1, "fabrikam");
        assertEquals(List.of(), problems());
    }

    @Test
    void refusesAnUnknownKeyNamingTheNearestOne() {
        file.put("relay.sink.fle.enabled", "false");
        assertOnlyProblem("unknown key relay.sink.fle.enabled: did you mean relay.sink.file.enabled?");
    }

    @Test
    void refusesDashDKeysLikeFileKeys() {
        Map<String, String> system = Map.of("relay.sink.fle.enabled", "false",
                "relay.category.microsoftDefenderForCloud", "Cloud");
        system.forEach(System::setProperty);
        try {
            assertEquals(List.of("relay.category.microsoftDefenderForCloud (set by -D) is not read: -D and environment"
                            + " variables only override relay.category.<serviceSource> entries that a properties file"
                            + " has; add it to application.properties instead",
                    "unknown key relay.sink.fle.enabled (set by -D): did you mean relay.sink.file.enabled?"),
                    ShippedSettings.startupProblems(Map.of(), system, Map.of()));
        } finally {
            system.keySet().forEach(System::clearProperty);
        }
    }

    @Test
    void refusesAnUnknownRelayEnvironmentVariableUnlessAReferenceUsesIt() {
        env.put("RELAY_SINK_FLE_ENABLED", "false");
        assertOnlyProblem("unknown environment variable RELAY_SINK_FLE_ENABLED: did you mean RELAY_SINK_FILE_ENABLED"
                + " (relay.sink.file.enabled)?");

        env.clear();
        env.put("RELAY_CLIENT_SECRET", "s");
        assertOnlyProblem("unknown environment variable RELAY_CLIENT_SECRET: it names no relay setting");
        tenant(0, "contoso");
        file.put("relay.tenants[0].client-secret", "${env:RELAY_CLIENT_SECRET}");
        assertEquals(List.of(), problems());
    }

    @Test
    void checksAnEnvironmentVariableLikeTheKeyItSets() {
        env.put("RELAY_POLL_INTERVAL", "fast");
        assertOnlyProblem("relay.poll.interval='fast' is not a duration");
        env.clear();
        env.put("RELAY_SINK_SIEM_BATCH_MAX_COUNT", "lots");
        assertOnlyProblem("relay.sink.siem.batch.max-count='lots' is not a whole number");
    }

    /** The log layout is chosen when logging starts: by the environment or -D, never by a file read after that. */
    @Test
    void takesTheLogFormatFromTheEnvironmentOnly() {
        env.put("RELAY_LOG_FORMAT", "json");
        assertEquals(List.of(), problems());
        env.put("RELAY_LOG_FORMAT", "JSON");
        assertOnlyProblem("relay.log.format='JSON' is not one of text, json (in lower case)");
        env.clear();
        file.put("relay.log.format", "json");
        assertOnlyProblem("relay.log.format in a properties file is read too late (logging starts before them): set it"
                + " with -Drelay.log.format=json or RELAY_LOG_FORMAT=json instead");
    }

    @Test
    void refusesFamilyEntriesOnlyAnEnvironmentVariableWouldAdd() {
        env.put("RELAY_SEVERITY_HIGH", "critical/5");
        assertEquals(List.of(), problems());
        env.put("RELAY_CATEGORY_MICROSOFTDEFENDERFORCLOUD", "Cloud");
        assertOnlyProblem("RELAY_CATEGORY_MICROSOFTDEFENDERFORCLOUD is not read: -D and environment variables only"
                + " override relay.category.<serviceSource> entries that a properties file has");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "relay.sink.file.enabled          | yes                 | relay.sink.file.enabled='yes' is not true or false (anything else reads as false)",
            "relay.output.include-raw         | 1                   | relay.output.include-raw='1' is not true or false",
            "relay.poll.interval              | fast                | relay.poll.interval='fast' is not a duration: write e.g. 60s",
            "relay.poll.interval              | 1x                  | relay.poll.interval='1x' is not a duration",
            "relay.poll.interval              | 0s                  | relay.poll.interval='0s' must be longer than 0",
            "relay.certificate.expiry-warning | 30 days             | relay.certificate.expiry-warning='30 days' is not a duration",
            "relay.lookback                   | 10m                 | relay.lookback='10m' is not an ISO-8601 duration: write e.g. PT10M",
            "relay.poll.max-window            | PT0S                | relay.poll.max-window='PT0S' must be longer than 0",
            "relay.backfill.start             | last week           | relay.backfill.start='last week' is neither an ISO-8601 instant",
            "relay.poll.cron                  | every 5 minutes     | relay.poll.cron='every 5 minutes' is not a Quartz cron expression",
            "relay.graph-host                 | graph.microsoft.com | relay.graph-host='graph.microsoft.com' is not an http(s) URL",
            "relay.sink.siem.url              | splunk:8088         | relay.sink.siem.url='splunk:8088' is not an http(s) URL",
            "relay.sink.siem.min-severity     | urgent              | relay.sink.siem.min-severity: 'urgent' is not a severity; use one of [high, info, low, medium, unknown]",
            "relay.severity.high              | critical            | relay.severity.high='critical' is not a severity: write <name>/<ocsfSeverityId>",
            "relay.sink.siem.format           | syslog              | relay.sink.siem.format='syslog' is not one of hec, bulk, json",
            "relay.sink.siem.json.layout      | lines               | relay.sink.siem.json.layout='lines' is not one of array, ndjson",
            "relay.sink.kafka.compression     | brotli              | relay.sink.kafka.compression='brotli' is not one of none, gzip, snappy, lz4, zstd",
            "relay.sink.siem.suppressed       | drop                | relay.sink.siem.suppressed='drop' is not one of include, exclude, only",
            "relay.demo                       | maybe               | relay.demo='maybe' is not one of auto, true, false",
            "relay.graph.retries              | five                | relay.graph.retries='five' is not a whole number",
            "relay.graph.window-target        | 0                   | relay.graph.window-target='0' is out of range: write a whole number from 1",
            "relay.sink.file.max-bytes        | 1GB                 | relay.sink.file.max-bytes='1GB' is not a whole number",
    })
    void refusesAValueTheRelayCannotRead(String key, String value, String fragment) {
        file.put(key, value);
        List<String> problems = problems();
        assertTrue(problems.stream().anyMatch(problem -> problem.contains(fragment)), problems.toString());
    }

    @Test
    void anEmptiedRequiredKeyIsRefusedWhileAnEmptyOptionalOneMeansNotSet() {
        file.put("relay.sink.siem.min-severity", "");
        file.put("relay.graph-host", "");
        assertEquals(List.of(), problems());
        file.put("relay.poll.interval", "");
        assertOnlyProblem("relay.poll.interval is empty: give it a value, or remove the line");
    }

    @Test
    void refusesToStartWithEverySinkSwitchedOff() {
        file.put("relay.sink.file.enabled", "false");
        assertOnlyProblem("no sink is enabled (none of relay.sink.file.enabled, relay.sink.kafka.enabled,"
                + " relay.sink.siem.enabled is true)");
    }

    @Test
    void aMisspelledTenantKeyIsReportedInsteadOfFallingBackToTheDemo() {
        tenant(0, "contoso");
        file.put("relay.tenants[0].tenantId", file.remove("relay.tenants[0].tenant-id"));
        assertEquals(List.of("unknown key relay.tenants[0].tenantId: did you mean relay.tenants[0].tenant-id?",
                "relay.tenants[0].tenant-id is not set: give the Entra tenant id (GUID or verified domain) of tenant"
                        + " contoso"), problems());
    }

    @Test
    void tenantsAreNumberedFromZeroWithoutGaps() {
        tenant(1, "fabrikam");
        assertOnlyProblem("relay.tenants[1] is configured but relay.tenants[0] is not: number the tenants from 0"
                + " without gaps");
    }

    @Test
    void listsWhatEachTenantLacks() {
        file.put("relay.tenants[0].name", "contoso");
        file.put("relay.tenants[0].tenant-id", "t0");
        file.put("relay.tenants[1].name", "fabrikam");
        file.put("relay.tenants[1].client-id", "app-1");
        file.put("relay.tenants[1].certificate", "/etc/relay/fabrikam.crt");
        file.put("relay.tenants[1].cloud", "mars");
        assertEquals(List.of(
                "relay.tenants[0].client-id is not set: give the application (client) id of the app registration for"
                        + " tenant contoso",
                "tenant contoso has no usable credential: set relay.tenants[0].client-secret (e.g."
                        + " ${env:RELAY_CLIENT_SECRET}) or both relay.tenants[0].certificate and"
                        + " relay.tenants[0].private-key",
                "relay.tenants[1].tenant-id is not set: give the Entra tenant id (GUID or verified domain) of tenant"
                        + " fabrikam",
                "tenant fabrikam has no usable credential: set relay.tenants[1].client-secret (e.g."
                        + " ${env:RELAY_CLIENT_SECRET}) or both relay.tenants[1].certificate and"
                        + " relay.tenants[1].private-key",
                "relay.tenants[1].cloud: unknown cloud 'mars': set relay.tenants[…].cloud to one of global, usgov, dod,"
                        + " china (or leave it empty for global)"), problems());
    }

    @Test
    void demoFalseNeedsATenant() {
        file.put("relay.demo", "false");
        assertOnlyProblem("relay.demo = false and no tenant is configured");
    }

    @Test
    void refusesTenantNamesThatAreEqualIgnoringCase() {
        tenant(0, "eu-west");
        tenant(1, "EU-West");
        tenant(2, "eu_west");
        assertOnlyProblem("tenant names [eu-west, EU-West] are the same ignoring case");
    }

    @Test
    void refusesAReferenceToAnUnsetVariableWithoutDefault() {
        tenant(0, "contoso");
        file.put("relay.tenants[0].client-secret", "${env:CONTOSO_SECRET}");
        assertOnlyProblem("relay.tenants[0].client-secret refers to ${env:CONTOSO_SECRET}, which is not set: set the"
                + " environment variable CONTOSO_SECRET for the relay, or give a default as ${env:CONTOSO_SECRET:value}");

        file.put("relay.tenants[0].client-secret", "${env:CONTOSO_SECRET:fallback}");
        assertEquals(List.of(), problems());
        file.put("relay.tenants[0].client-secret", "${env:CONTOSO_SECRET}");
        env.put("RELAY_TENANTS_0_CLIENT_SECRET", "from-the-environment");
        assertEquals(List.of(), problems(), "an overridden value is not in effect");
    }

    @Test
    void refusesRouteFilesThatMatchNothing() {
        Problems problems = new Problems();
        new RouteFiles("/home/relay/routes", Map.of("deliver.camel.xmll", "file:/home/relay/routes/deliver.camel.xmll"),
                location -> false).check(problems);
        assertEquals(List.of("relay.routes: 'deliver.camel.xmll' matches no route file in /home/relay/routes: correct"
                + " the name"), problems.list());
    }

    @Test
    void reportsEveryProblemAtOnce() {
        file.put("relay.sink.fle.enabled", "true");
        file.put("relay.sink.file.enabled", "yes");
        file.put("relay.poll.interval", "fast");
        tenant(1, "fabrikam");
        env.put("RELAY_SINK_SIEM_TOKN", "t");
        assertEquals(6, problems().size(), problems().toString());
    }

    @Test
    void refusesAProxyItCannotUse() {
        file.put("relay.proxy.url", "https://proxy.example.com:3128");
        assertOnlyProblem("relay.proxy.url='https://proxy.example.com:3128' is an https proxy, which the relay does not support");
        file.put("relay.proxy.url", "proxy.example.com:3128");
        assertOnlyProblem("is not an http://host:port URL");
        file.put("relay.proxy.url", "http://proxy.example.com");
        assertOnlyProblem("is not an http://host:port URL");
        file.put("relay.proxy.url", "http://relay:pw@proxy.example.com:3128");
        assertOnlyProblem("holds credentials: put them in relay.proxy.username and relay.proxy.password");

        file.put("relay.proxy.url", "http://proxy.example.com:3128");
        file.put("relay.proxy.username", "relay");
        assertOnlyProblem("relay.proxy.username is set without a password");
        file.put("relay.proxy.password-file", "/nonexistent/proxy-password");
        assertOnlyProblem("relay.proxy.password-file /nonexistent/proxy-password cannot be read");
        file.remove("relay.proxy.password-file");
        file.put("relay.proxy.password", "${env:RELAY_PROXY_PASSWORD}");
        env.put("RELAY_PROXY_PASSWORD", "pw");
        file.put("relay.proxy.no-proxy", "localhost, 127.0.0.1, *.internal, [::1], intranet:8080");
        assertOnlyProblem("relay.proxy.no-proxy entry 'intranet:8080' is not a host, *.domain or IP address");
        file.put("relay.proxy.no-proxy", "localhost, 127.0.0.1, *.internal, [::1]");
        assertEquals(List.of(), problems());

        file.remove("relay.proxy.url");
        assertOnlyProblem("relay.proxy.username or password is set but relay.proxy.url is empty");
    }
}
