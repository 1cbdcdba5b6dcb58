package io.defenderrelay;

import io.defenderrelay.testing.FreePort;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real relay started on a home directory whose application.properties has a mistake: it exits with status 2 and
 * says, one line each, what is wrong and how to fix it, before anything is polled or written.
 */
class StartupRefusalsTest {
    @TempDir
    Path home;

    private String refused(String... properties) throws IOException {
        Files.write(home.resolve("application.properties"), List.of(properties));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> RelayMain.run(new String[] {"--home", home.toString()}, new PrintStream(err, true, UTF_8)),
                "the relay started instead of refusing its configuration");
        String message = err.toString(UTF_8);
        assertEquals(RelayMain.REFUSED, status, message);
        assertTrue(message.startsWith("defender-relay did not start: fix the configuration and start it again"), message);
        assertFalse(message.contains("\tat ") || message.contains("Exception"), "no stack trace: " + message);
        assertFalse(Files.exists(home.resolve("state")) || Files.exists(home.resolve("out")), "nothing was polled");
        return message;
    }

    private static void assertSays(String message, String... fragments) {
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), "expected \"" + fragment + "\" in:\n" + message);
        }
    }

    @Test
    void refusesAnUnknownKeyNamingTheKeyItMeant() throws IOException {
        assertSays(refused("relay.sink.fle.enabled = false"),
                "unknown key relay.sink.fle.enabled: did you mean relay.sink.file.enabled?");
    }

    @Test
    void refusesValuesItCannotRead() throws IOException {
        assertSays(refused("relay.sink.file.enabled = yes", "relay.poll.interval = fast",
                        "relay.backfill.start = yesterday", "relay.sink.siem.url = splunk:8088",
                        "relay.sink.siem.min-severity = urgent", "relay.sink.siem.format = syslog",
                        "relay.graph.retries = five"),
                "relay.sink.file.enabled='yes' is not true or false (anything else reads as false): write true or false",
                "relay.poll.interval='fast' is not a duration: write e.g. 60s, 5m, 1h30m, 30d or PT1M",
                "relay.backfill.start='yesterday' is neither an ISO-8601 instant (2026-11-01T00:00:00Z) nor a duration",
                "relay.sink.siem.url='splunk:8088' is not an http(s) URL",
                "relay.sink.siem.min-severity: 'urgent' is not a severity",
                "relay.sink.siem.format='syslog' is not one of hec, bulk, json",
                "relay.graph.retries='five' is not a whole number");
    }

    @Test
    void refusesToStartWithNoSinkEnabled() throws IOException {
        assertSays(refused("relay.sink.file.enabled = false"), "no sink is enabled (none of relay.sink.file.enabled,"
                + " relay.sink.kafka.enabled, relay.sink.siem.enabled is true): alerts would be read and dropped while"
                + " the checkpoint moves on; set at least one to true");
    }

    @Test
    void aMisspelledTenantStopsStartupInsteadOfFallingBackToTheDemo() throws IOException {
        assertSays(refused("relay.tenants[0].name = contoso", "relay.tenants[0].tenantId = contoso.onmicrosoft.com",
                        "relay.tenants[0].client-id = 00000000-0000-0000-0000-000000000001",
                        "relay.tenants[0].client-secret = s3cret"),
                "unknown key relay.tenants[0].tenantId: did you mean relay.tenants[0].tenant-id?",
                "relay.tenants[0].tenant-id is not set: give the Entra tenant id (GUID or verified domain) of tenant contoso");
    }

    @Test
    void refusesTenantBlocksWithAGapOrAMissingKey() throws IOException {
        assertSays(refused("relay.tenants[1].name = fabrikam", "relay.tenants[1].tenant-id = fabrikam.onmicrosoft.com"),
                "relay.tenants[1] is configured but relay.tenants[0] is not: number the tenants from 0 without gaps",
                "relay.tenants[1].client-id is not set",
                "tenant fabrikam has no usable credential: set relay.tenants[1].client-secret");
        assertSays(refused("relay.demo = sometimes"), "relay.demo='sometimes' is not one of auto, true, false");
    }

    @Test
    void refusesAReferenceToAnEnvironmentVariableThatIsNotSet() throws IOException {
        assertSays(refused("relay.tenants[0].tenant-id = contoso.onmicrosoft.com",
                        "relay.tenants[0].client-id = 00000000-0000-0000-0000-000000000001",
                        "relay.tenants[0].client-secret = ${env:DEFENDER_RELAY_TEST_UNSET_SECRET}"),
                "relay.tenants[0].client-secret refers to ${env:DEFENDER_RELAY_TEST_UNSET_SECRET}, which is not set: set"
                        + " the environment variable DEFENDER_RELAY_TEST_UNSET_SECRET for the relay, or give a default");
    }

    @Test
    void refusesRouteFilesThatDoNotExist() throws IOException {
        assertSays(refused("relay.routes = poll-alerts.camel.yaml,normalize.camel.yaml,deliver.camel.xmll"),
                "relay.routes: 'deliver.camel.xmll' matches no route file in the routes/ shipped in the relay's jar");
        Files.createDirectories(home.resolve("routes"));
        assertSays(refused("relay.routes = *.camel.yaml"), "relay.routes: '*.camel.yaml' matches no route file in "
                + home.resolve("routes").toAbsolutePath().normalize() + " (the home's routes/ replaces the shipped routes");
    }

    @Test
    void refusesTenantNamesThatDifferOnlyInCase() throws IOException {
        assertSays(refused("relay.tenants[0].name = eu-west", "relay.tenants[0].tenant-id = t0",
                        "relay.tenants[0].client-id = c0", "relay.tenants[0].client-secret = s0",
                        "relay.tenants[1].name = EU-West", "relay.tenants[1].tenant-id = t1",
                        "relay.tenants[1].client-id = c1", "relay.tenants[1].client-secret = s1"),
                "tenant names [eu-west, EU-West] are the same ignoring case: each tenant needs its own name");
    }

    @Test
    void refusesACertificateItCannotUseWithoutAStackTrace() throws IOException {
        Files.writeString(home.resolve("contoso.crt"), "not a certificate");
        Files.writeString(home.resolve("contoso.key"), "not a key");
        assertSays(refused("relay.tenants[0].name = contoso", "relay.tenants[0].tenant-id = t0",
                        "relay.tenants[0].client-id = c0", "relay.tenants[0].certificate = " + home.resolve("contoso.crt"),
                        "relay.tenants[0].private-key = " + home.resolve("contoso.key")),
                "certificate file " + home.resolve("contoso.crt"));
    }

    @Test
    void clusterModeWithoutAReachableKafkaRefusesToStartSayingWhereItLooked() throws IOException {
        int closed = FreePort.pick();
        assertSays(refused("relay.cluster.enabled = true", "relay.sink.kafka.brokers = 127.0.0.1:" + closed,
                        "relay.sink.kafka.probe-timeout = 2s", "camel.management.enabled = false"),
                "cluster mode: cannot prepare topics defender-relay.tenants and defender-relay.checkpoints at 127.0.0.1:"
                        + closed + " (no answer within 2000 ms)", "relay.sink.kafka.brokers");
    }

    @Test
    void reportsEveryProblemInOneRun() throws IOException {
        String message = refused("relay.sink.fle.enabled = true", "relay.sink.file.enabled = yes",
                "relay.poll.interval = fast", "relay.tenants[1].name = fabrikam", "relay.routes = nothing.yaml");
        assertSays(message, "unknown key relay.sink.fle.enabled", "relay.sink.file.enabled='yes'",
                "relay.poll.interval='fast'", "relay.tenants[1] is configured but relay.tenants[0] is not",
                "relay.tenants[1].tenant-id is not set", "relay.tenants[1].client-id is not set",
                "tenant fabrikam has no usable credential", "no sink is enabled", "relay.routes: 'nothing.yaml'");
        assertEquals(10, message.lines().count(), "a heading and one line per problem:\n" + message);
    }
}
