package io.defenderrelay;

import io.defenderrelay.config.SettingsSource;
import io.defenderrelay.config.TenantSettings;
import io.defenderrelay.graph.TenantRuntime;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** The relay's startup check and credential loading, without polling; with --probe, a reach-out to each sink. */
@Command(name = "validate-config", header = "Checks the configuration as run does; --probe also reaches each sink.", description = {
        "Checks the configuration exactly as `run` does before it polls (every setting, route file and tenant "
                + "credential) and prints every problem at once, or \"configuration OK\" with a summary.",
        "--probe also reaches each enabled sink: writes and deletes a file in the output directories, asks the Kafka "
                + "brokers for their metadata, and opens the SIEM URL (TLS handshake and a HEAD request, which "
                + "indexes nothing)."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:the configuration is OK (and, with --probe, every sink answered)",
                "1:a sink did not answer the probe", "2:refused: the configuration (every problem is listed)"})
final class ValidateConfigCommand implements Callable<Integer> {

    @ParentCommand
    RelayCommand relay;
    @Spec
    CommandSpec spec;

    @Option(names = "--probe", description = "also reach each enabled sink; one line per sink")
    boolean probe;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (RelayMain.Configured configured = RelayMain.configured(relay.home)) {
            SettingsSource settings = configured.settings();
            out.println("configuration OK (home " + configured.run().resolve(".") + ")");
            for (TenantRuntime tenant : configured.tenants().all()) {
                TenantSettings t = tenant.settings();
                out.println("  tenant " + t.name() + ": " + t.tenantId() + ", app " + t.clientId() + " with "
                        + (t.clientSecret() != null ? "a client secret" : "certificate " + t.certificate())
                        + ", login " + tenant.tokens().authorityHost() + ", graph " + tenant.graphHost());
            }
            List<SinkProbes.Sink> sinks = SinkProbes.enabled(settings, configured.run());
            out.println("  sinks: " + String.join("; ", sinks.stream().map(SinkProbes.Sink::describe).toList()));
            out.println("  routes: " + new RelayHome(configured.run().home()).routesPattern());
            out.println("  checkpoints: " + configured.run().stateDir(settings.value("relay.state.dir")));
            if (!probe) {
                return 0;
            }
            boolean allOk = true;
            for (SinkProbes.Result result : new SinkProbes(configured).probe(sinks)) {
                out.println(result.line());
                allOk &= result.ok();
            }
            return allOk ? 0 : RelayMain.FAILED;
        } catch (Exception e) {
            return RelayMain.failed("refuses this configuration: fix it and validate it again", "failed", e, spec.commandLine().getErr());
        }
    }
}
