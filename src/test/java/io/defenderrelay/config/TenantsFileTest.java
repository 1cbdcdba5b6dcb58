package io.defenderrelay.config;

import io.defenderrelay.testing.ShippedSettings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** relay.tenants-file: tenants in a YAML list, checked with the other settings, every problem with its line. */
class TenantsFileTest {
    private final Map<String, String> file = new HashMap<>();
    private final Map<String, String> env = new HashMap<>();

    @TempDir
    Path home;

    private Path tenantsFile(String... lines) throws IOException {
        Path tenants = home.resolve("tenants.yaml");
        Files.write(tenants, List.of(lines));
        file.put("relay.tenants-file", tenants.toString());
        return tenants;
    }

    private List<String> problems() {
        return ShippedSettings.startupProblems(file, env);
    }

    @Test
    void readsTenantsWithTheirOwnIntervalSinksAndCredentials() throws IOException {
        env.put("CONTOSO_SECRET", "s3cret");
        file.put("relay.sink.kafka.enabled", "true");
        tenantsFile(
                "# two tenants",
                "- name: contoso",
                "  tenant-id: 11111111-0000-0000-0000-000000000000",
                "  client-id: app-1",
                "  client-secret: ${env:CONTOSO_SECRET}",
                "  poll-interval: 5m",
                "  sinks: [file, kafka]",
                "- name: fabrikam",
                "  tenant-id: fabrikam.onmicrosoft.com",
                "  client-id: app-2",
                "  certificate: certs/fabrikam.crt",
                "  private-key: certs/fabrikam.key",
                "  sinks: kafka");
        assertEquals(List.of(), problems());

        Map<String, String> all = ShippedSettings.map();
        all.putAll(file);
        Problems problems = new Problems();
        List<TenantSettings> tenants = TenantSettings.readAll(ShippedSettings.source(all, env),
                new GivenSettings(all, Map.of(), env), home, problems);
        assertEquals(List.of(), problems.list());
        assertEquals(List.of("contoso", "fabrikam"), tenants.stream().map(TenantSettings::name).toList());
        assertEquals("s3cret", tenants.get(0).clientSecret());
        assertEquals(Duration.ofMinutes(5), tenants.get(0).pollInterval());
        assertEquals(Set.of("file", "kafka"), tenants.get(0).sinks());
        assertEquals(home.resolve("certs/fabrikam.crt"), tenants.get(1).certificate());
        assertEquals(null, tenants.get(1).pollInterval());
        assertEquals(Set.of("kafka"), tenants.get(1).sinks());
    }

    @Test
    void reportsEveryProblemOfTheFileWithItsLine() throws IOException {
        tenantsFile(
                "- name: contoso",
                "  tenant-id: t1",
                "  clientid: app-1",
                "  client-secret: ${env:CONTOSO_SECRET}",
                "- name: fabrikam",
                "  tenant-id: t2",
                "  client-id: app-2",
                "  client-secret: s",
                "  poll-interval: often",
                "  sinks: file, siem, tape",
                "- tenant-id: t3",
                "  client-id: app-3",
                "  client-secret: s");
        assertEquals(List.of(
                "tenants.yaml:3 unknown field 'clientid': a tenant has certificate, client-id, client-secret,"
                        + " client-secret-expires, cloud, name, poll-interval, private-key, sinks, tenant-id",
                "tenants.yaml:4 client-secret refers to ${env:CONTOSO_SECRET}, which is not set: set the environment"
                        + " variable CONTOSO_SECRET for the relay, or give a default as ${env:CONTOSO_SECRET:value}",
                "tenants.yaml:9 poll-interval='often' is not a duration: write e.g. 60s, 5m, 1h30m, 30d or PT1M",
                "tenants.yaml:10 sinks names siem, but relay.sink.siem.enabled is not true: enable that sink or take"
                        + " it off tenant fabrikam's list",
                "tenants.yaml:10 sinks: 'tape' is not a sink: name some of file, kafka, siem, or leave it empty for"
                        + " every sink",
                "tenants.yaml:11 name is not set: give the tenant a short name (it names its checkpoint and output"
                        + " files)"), problems());
    }

    @Test
    void refusesANameTheFileAndThePropertiesBothDefine() throws IOException {
        file.put("relay.tenants[0].name", "Contoso");
        file.put("relay.tenants[0].tenant-id", "t0");
        file.put("relay.tenants[0].client-id", "app-0");
        file.put("relay.tenants[0].client-secret", "s");
        tenantsFile(
                "- name: fabrikam",
                "  tenant-id: t2",
                "  client-id: app-2",
                "  client-secret: s",
                "- name: contoso",
                "  tenant-id: t1",
                "  client-id: app-1",
                "  client-secret: s");
        assertEquals(List.of("tenant names [Contoso, contoso] are the same ignoring case: each tenant needs its own"
                + " name, which names its checkpoint file in state/ and its output files (file systems may ignore"
                + " case); rename or remove all but one of relay.tenants[0], tenants.yaml:5"), problems());
    }

    @Test
    void refusesAFileThatIsMissingNotAListOrNotYaml() throws IOException {
        file.put("relay.tenants-file", home.resolve("absent.yaml").toString());
        List<String> problems = problems();
        assertEquals(1, problems.size(), problems.toString());
        assertEquals(Optional.of(true), problems.stream().findFirst().map(p -> p.startsWith("relay.tenants-file "
                + home.resolve("absent.yaml") + " cannot be read")));

        tenantsFile("name: contoso", "tenant-id: t1");
        assertEquals(List.of("relay.tenants-file " + home.resolve("tenants.yaml") + " is not a YAML list of tenants:"
                + " write one '- name: ...' entry per tenant (see application.properties)"), problems());

        tenantsFile("- name: contoso", "  tenant-id: t1", "  client-secret: \"s3cret-value", "- name: x");
        assertEquals(List.of("tenants.yaml:3 is not valid YAML: while scanning a quoted scalar: found unexpected end"
                + " of stream"), problems(), "the line's text (here a secret) is not quoted");

        tenantsFile("[]");
        assertEquals(List.of("relay.tenants-file " + home.resolve("tenants.yaml") + " lists no tenant: add one entry"
                + " per tenant, or unset relay.tenants-file"), problems());
    }

    @Test
    void aTenantsFileIsATenantSoTheDemoIsNotPolled() throws IOException {
        file.put("relay.demo", "false");
        tenantsFile("- name: contoso", "  tenant-id: t1", "  client-id: app-1", "  client-secret: s");
        assertEquals(List.of(), problems());
    }
}
