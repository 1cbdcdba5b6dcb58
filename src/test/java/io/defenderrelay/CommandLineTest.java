package io.defenderrelay;

import io.defenderrelay.simulator.SimTenant;
import io.defenderrelay.testing.EmbeddedKafka;
import io.defenderrelay.testing.FreePort;
import io.defenderrelay.testing.HecReceiver;
import io.defenderrelay.testing.RelayProcess;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line through {@link RelayMain#run}: help, version, refusals, validate-config and test-connection. */
class CommandLineTest {

    @TempDir
    Path dir;

    /** What a command printed and the status it ended with. */
    record Ran(int status, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }

        @Override
        public String toString() {
            return "status " + status + "\n--- out:\n" + out + "\n--- err:\n" + err;
        }
    }

    static Ran run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = RelayMain.run(args, new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8));
        return new Ran(status, out.toString(UTF_8), err.toString(UTF_8));
    }

    @Test
    void everyCommandHasHelpAndTheVersion() {
        for (String command : List.of("run", "validate-config", "test-connection", "backfill")) {
            Ran help = run(command, "--help");
            assertEquals(0, help.status(), help.toString());
            assertTrue(help.out().contains("Usage: defender-relay " + command + " [-hV]"), help.toString());
            assertTrue(help.out().contains("Exit status:") || command.equals("run"), help.toString());
        }
        Ran help = run("--help");
        assertEquals(0, help.status());
        assertTrue(help.out().contains("validate-config") && help.out().contains("backfill"), help.out());
        for (String[] args : List.of(new String[] {"--version"}, new String[] {"backfill", "--version"})) {
            Ran version = run(args);
            assertEquals(0, version.status(), version.toString());
            assertTrue(version.out().matches("(?s)defender-relay \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R.*"), version.out());
        }
    }

    @Test
    void anUnknownOptionIsRefusedWithTheUsage() {
        Ran bogus = run("--bogus");
        assertEquals(RelayMain.REFUSED, bogus.status());
        assertTrue(bogus.err().contains("Unknown option: '--bogus'") && bogus.err().contains("Usage: defender-relay"),
                bogus.err());
        Ran missing = run("backfill", "--home", dir.toString());
        assertEquals(RelayMain.REFUSED, missing.status());
        assertTrue(missing.err().contains("Missing required option: '--from=INSTANT|PERIOD'"), missing.err());
    }

    @Test
    void validateConfigSummarisesAGoodHomeInBothHomeSpellings() throws IOException {
        SimTenant tenant = RelayHarness.newSecretTenant();
        RelayProcess.writeSettings(dir, RelayHarness.settingsFor(tenant, dir, ""));
        for (String[] args : List.of(new String[] {"validate-config", "--home", dir.toString()},
                new String[] {"--home=" + dir, "validate-config"})) {
            Ran ok = run(args);
            assertEquals(0, ok.status(), ok.toString());
            assertEquals("configuration OK (home " + dir.toRealPath() + ")", ok.lines().get(0), ok.toString());
            assertTrue(ok.out().contains("  tenant t1: " + tenant.tenantId() + ", app app-" + tenant.tenantId()
                    + " with a client secret"), ok.out());
            assertTrue(ok.out().contains("  sinks: file " + dir.resolve("out")), ok.out());
        }
    }

    @Test
    void validateConfigListsEveryProblemAtOnce() throws IOException {
        Files.writeString(dir.resolve("application.properties"), """
                relay.demo = false
                relay.sink.fle.enabled = true
                relay.poll.interval = fast
                relay.tenants[0].name = a
                relay.tenants[0].client-id = app
                relay.tenants[0].client-secret = s
                """);
        Ran refused = run("validate-config", "--home", dir.toString());
        assertEquals(RelayMain.REFUSED, refused.status(), refused.toString());
        assertAll(() -> assertTrue(refused.err().contains("unknown key relay.sink.fle.enabled"), refused.err()),
                () -> assertTrue(refused.err().contains("relay.poll.interval='fast' is not a duration"), refused.err()),
                () -> assertTrue(refused.err().contains("relay.tenants[0].tenant-id is not set"), refused.err()),
                () -> assertEquals("", refused.out()));

        // credentials come after the settings: every tenant's missing PEM file at once
        Files.writeString(dir.resolve("application.properties"), """
                relay.demo = false
                relay.tenants[0].name = a
                relay.tenants[0].tenant-id = t-a
                relay.tenants[0].client-id = app
                relay.tenants[0].certificate = missing-a.pem
                relay.tenants[0].private-key = missing-a.key
                relay.tenants[1].name = b
                relay.tenants[1].tenant-id = t-b
                relay.tenants[1].client-id = app
                relay.tenants[1].certificate = missing-b.pem
                relay.tenants[1].private-key = missing-b.key
                """);
        Ran credentials = run("validate-config", "--home", dir.toString());
        assertEquals(RelayMain.REFUSED, credentials.status(), credentials.toString());
        assertTrue(credentials.err().contains("missing-a.pem") && credentials.err().contains("missing-b.pem"),
                credentials.err());
    }

    @Test
    void probeReachesEachSink() throws IOException {
        String topic = "probe-" + UUID.randomUUID();
        EmbeddedKafka.instance().createTopic(topic, 1);
        try (HecReceiver hec = HecReceiver.start("hec-token")) {
            Map<String, String> settings = RelayHarness.settingsFor(RelayHarness.newSecretTenant(), dir, "");
            settings.put("relay.sink.kafka.enabled", "true");
            settings.put("relay.sink.kafka.brokers", EmbeddedKafka.instance().bootstrapServers());
            settings.put("relay.sink.kafka.topic", topic);
            settings.put("relay.sink.siem.enabled", "true");
            settings.put("relay.sink.siem.format", "hec");
            settings.put("relay.sink.siem.url", hec.eventUrl());
            settings.put("relay.sink.siem.token", "hec-token");
            settings.put("relay.cluster.enabled", "true");
            settings.put("relay.cluster.group", "probe");
            RelayProcess.writeSettings(dir, settings);
            Ran ok = run("validate-config", "--probe", "--home", dir.toString());
            assertEquals(0, ok.status(), ok.toString());
            assertTrue(ok.out().contains("OK file: " + dir.resolve("out") + " is writable"), ok.out());
            assertTrue(ok.out().contains("OK kafka: brokers " + EmbeddedKafka.instance().bootstrapServers()
                    + " answered: cluster "), ok.out());
            assertTrue(ok.out().contains("; topic " + topic + " exists"), ok.out());
            assertTrue(ok.out().contains("OK cluster: brokers " + EmbeddedKafka.instance().bootstrapServers()
                    + " answered: cluster ") && ok.out().contains("topic probe.checkpoints does not exist yet"), ok.out());
            assertTrue(ok.out().contains("OK siem: " + hec.eventUrl() + ": HEAD answered "), ok.out());
            assertEquals(0, hec.acceptedCount(), "a probe indexes nothing");

            // a broker port nobody listens on, and an output "directory" that is a file
            int nobody = FreePort.pick();
            settings.put("relay.sink.kafka.brokers", "127.0.0.1:" + nobody);
            Path notADir = Files.writeString(dir.resolve("plain-file"), "x");
            settings.put("relay.sink.file.dir", notADir.toString());
            RelayProcess.writeSettings(dir, settings);
            Ran failed = run("validate-config", "--probe", "--home", dir.toString());
            assertEquals(RelayMain.FAILED, failed.status(), failed.toString());
            assertTrue(failed.out().contains("FAIL kafka: broker unreachable: no metadata from 127.0.0.1:" + nobody
                    + " within 5 s"), failed.out());
            assertTrue(failed.out().contains("FAIL file: cannot write in " + notADir), failed.out());
            assertTrue(failed.out().contains("OK siem: "), failed.out());
            assertTrue(failed.out().contains("FAIL cluster: broker unreachable"), failed.out());
        }
    }

    @Test
    void testConnectionDiagnosesEachTenant() throws IOException {
        SimTenant ok = RelayHarness.newSecretTenant(3, Duration.ofMinutes(30));
        SimTenant wrongSecret = RelayHarness.newSecretTenant();
        SimTenant noRoles = RelayHarness.newSecretTenant();
        noRoles.denyAlertPermission("app-" + noRoles.tenantId());
        SimTenant legacy = RelayHarness.newSecretTenant();
        legacy.grantRoles("app-" + legacy.tenantId(), "SecurityEvents.Read.All");
        String unknownTenant = UUID.randomUUID().toString();

        Map<String, String> settings = RelayHarness.baseSettings(RelayHarness.simulator(), dir);
        RelayHarness.addSecretTenant(settings, 0, "ok", ok);
        RelayHarness.addSecretTenant(settings, 1, "wrong-secret", wrongSecret);
        settings.put("relay.tenants[1].client-secret", "not-the-secret");
        RelayHarness.addSecretTenant(settings, 2, "no-roles", noRoles);
        RelayHarness.addSecretTenant(settings, 3, "legacy", legacy);
        RelayHarness.addSecretTenant(settings, 4, "unknown", ok);
        settings.put("relay.tenants[4].tenant-id", unknownTenant);
        RelayProcess.writeSettings(dir, settings);

        Ran all = run("test-connection", "--home", dir.toString());
        assertEquals(RelayMain.FAILED, all.status(), all.toString());
        List<String> lines = all.lines().stream().filter(line -> line.matches("(OK|FAIL) .*")).toList();
        assertEquals(5, lines.size(), all.toString());
        String fix = " — fix: in Entra → App registrations → your app → API permissions add Microsoft Graph › Application"
                + " permissions › SecurityAlert.Read.All, then Grant admin consent";
        assertAll(
                () -> assertTrue(lines.get(0).matches("OK ok: token ok, roles SecurityAlert\\.Read\\.All, newest alert "
                        + "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z"), lines.get(0)),
                () -> assertTrue(lines.get(1).startsWith("FAIL wrong-secret: AADSTS7000215: the client secret is wrong"),
                        lines.get(1)),
                () -> assertEquals("FAIL no-roles: the token of app app-" + noRoles.tenantId() + " carries no "
                        + "application role: SecurityAlert.Read.All is not granted (the permission is not added, or "
                        + "admin consent is missing)" + fix + "; a new token carries it", lines.get(2)),
                () -> assertEquals("FAIL legacy: app app-" + legacy.tenantId() + " has only the legacy "
                        + "SecurityEvents.Read.All, which reads the retired security/alerts API, not alerts_v2 (it "
                        + "needs SecurityAlert.Read.All)" + fix + "; a new token carries it", lines.get(3)),
                () -> assertTrue(lines.get(4).startsWith("FAIL unknown: AADSTS90002: tenant unknown (" + unknownTenant
                        + ") was not found"), lines.get(4)));

        Ran one = run("test-connection", "--tenant", "ok", "--home", dir.toString());
        assertEquals(0, one.status(), one.toString());
        assertTrue(one.out().contains("OK ok: ") && !one.out().contains("FAIL"), one.out());

        Ran nosuch = run("test-connection", "--tenant", "nosuch", "--home", dir.toString());
        assertEquals(RelayMain.REFUSED, nosuch.status(), nosuch.toString());
        assertTrue(nosuch.err().contains("--tenant nosuch: no tenant of that name is configured; the configured ones"
                + " are ok, wrong-secret, no-roles, legacy, unknown"), nosuch.err());
    }
}
