package io.defenderrelay;

import io.defenderrelay.auth.TokenException;
import io.defenderrelay.auth.TokenRoles;
import io.defenderrelay.graph.GraphFailureDiagnosis;
import io.defenderrelay.graph.TenantRuntime;
import io.defenderrelay.support.Json;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Per tenant: a token through the relay's own sign-in, one alert from alerts_v2 with the relay's TLS trust, and the
 * token's roles, so a missing permission is named with its fix.
 */
@Command(name = "test-connection", header = "Per tenant: sign in, read one alert, name a missing permission.", description = {
        "Signs in to each configured tenant (the built-in demo tenant when none is) as the relay does, reads one "
                + "alert from Graph alerts_v2 and checks the token's roles for " + TokenRoles.READ_ALERTS + ".",
        "One line per tenant: OK with the newest alert's time, or FAIL with the diagnosis and its fix. The roles "
                + "are read from the token without checking its signature (it comes straight from Entra)."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:every tenant OK", "1:a tenant failed", "2:refused: the configuration (every problem is listed)"})
final class TestConnectionCommand implements Callable<Integer> {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @ParentCommand
    RelayCommand relay;
    @Spec
    CommandSpec spec;

    @Option(names = "--tenant", paramLabel = "NAME", description = "test only this tenant (repeatable); default: every one")
    List<String> only = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (RelayMain.Configured configured = RelayMain.configured(relay.home)) {
            List<TenantRuntime> tenants = configured.tenants().all().stream()
                    .filter(t -> only.isEmpty() || only.contains(t.settings().name())).toList();
            List<String> names = configured.tenants().all().stream().map(t -> t.settings().name()).toList();
            List<String> unknown = only.stream().filter(name -> !names.contains(name)).toList();
            if (!unknown.isEmpty()) {
                spec.commandLine().getErr().println("--tenant " + String.join(", ", unknown) + ": no tenant of that "
                        + "name is configured; the configured ones are " + String.join(", ", names));
                return RelayMain.REFUSED;
            }
            HttpClient http = configured.httpClient(TIMEOUT);
            boolean allOk = true;
            for (TenantRuntime tenant : tenants) {
                Outcome outcome = test(tenant, http);
                out.println((outcome.ok() ? "OK " : "FAIL ") + tenant.settings().name() + ": " + outcome.text());
                allOk &= outcome.ok();
            }
            return allOk ? 0 : RelayMain.FAILED;
        } catch (Exception e) {
            return RelayMain.failed("refuses this configuration: fix it and test again", "failed", e, spec.commandLine().getErr());
        }
    }

    /** What a tenant's test found: what works, or the diagnosis and its fix. */
    private record Outcome(boolean ok, String text) {
        static Outcome failed(String diagnosis) {
            return new Outcome(false, diagnosis);
        }
    }

    private static Outcome test(TenantRuntime tenant, HttpClient http) throws InterruptedException {
        String name = tenant.settings().name();
        String clientId = tenant.settings().clientId();
        String token;
        try {
            token = tenant.tokens().accessToken();
        } catch (TokenException e) {
            return Outcome.failed(e.getMessage());
        }
        Optional<TokenRoles> roles = TokenRoles.of(token);
        URI alerts = URI.create(tenant.graphHost() + "/v1.0/security/alerts_v2?$top=1");
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(alerts).timeout(TIMEOUT)
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", "application/json")
                    .header("Prefer", "include-unknown-enum-members")
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return Outcome.failed("token ok, but Graph at " + tenant.graphHost() + " cannot be reached (" + e
                    + ") — fix: check DNS, proxy and firewall access to that host, and relay.trust-store if a proxy "
                    + "intercepts TLS");
        }
        if (response.statusCode() != 200) {
            Optional<TokenRoles.Missing> missing = roles.flatMap(r -> r.missingAlertPermission(clientId));
            if (response.statusCode() == 403 && missing.isPresent()) {
                return Outcome.failed(missing.get().problem() + " — fix: " + missing.get().fix());
            }
            return Outcome.failed(GraphFailureDiagnosis.diagnose(response.statusCode(), response.body(),
                    response.headers().firstValue("Location").orElse(null), name, clientId));
        }
        return new Outcome(true, "token ok, roles " + roles.map(r -> r.roles().isEmpty() ? "none"
                : String.join(", ", r.roles())).orElse("unknown (the token is not a JWT)") + ", newest alert "
                + newest(response.body()));
    }

    private static String newest(String body) {
        try {
            JsonNode first = Json.mapper().readTree(body).path("value").path(0);
            return first.isMissingNode() ? "none (the tenant has no alerts)" : first.path("lastUpdateDateTime").asText();
        } catch (IOException e) {
            return "unreadable (" + e.getMessage() + ")";
        }
    }
}
