package io.defenderrelay;

import io.defenderrelay.auth.InvalidCredentialsException;
import io.defenderrelay.config.ConfigurationException;
import io.defenderrelay.config.RelayRun;
import io.defenderrelay.config.SettingsSource;
import io.defenderrelay.deliver.DeliverConfiguration;
import io.defenderrelay.deliver.siem.SiemConfiguration;
import io.defenderrelay.graph.GraphConfiguration;
import io.defenderrelay.graph.Tenants;
import io.defenderrelay.normalize.NormalizeConfiguration;
import io.defenderrelay.observe.ObserveConfiguration;
import io.defenderrelay.retry.RetryConfiguration;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Starts the relay: Camel Main with the shipped application.properties (packed in the jar) as the defaults, overridden
 * by {@code application.properties} of the home directory (the working directory, or {@code --home DIR}), and the
 * routes of its {@code routes/} directory (the shipped ones when it has none), so users edit them without rebuilding.
 * The command line ({@link RelayCommand}) also offers validate-config, test-connection and backfill.
 */
public final class RelayMain {
    /** The relay refused its arguments or configuration; the problems are on standard error. */
    static final int REFUSED = 2;
    /** The relay failed to start for another reason. */
    static final int FAILED = 1;

    private static final Logger LOG = LoggerFactory.getLogger(RelayMain.class);

    private RelayMain() {
    }

    public static void main(String[] args) {
        // threads a failed start (or a one-shot command) left behind must not keep the JVM alive
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command the arguments name (the relay by default); returns its exit status. */
    static int run(String[] args, PrintStream err) {
        return run(args, System.out, err);
    }

    /** The same, printing the command's own output (help, results) on {@code out}. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new RelayCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    /**
     * The exit status of a command that threw: a refused setting or credential prints every problem and is
     * {@link #REFUSED}, anything else {@link #FAILED} with its stack trace.
     */
    static int failed(String refusedHeadline, String failedHeadline, Exception e, PrintWriter err) {
        Optional<List<String>> refused = configurationProblems(e);
        if (refused.isPresent()) {
            err.println("defender-relay " + refusedHeadline);
            refused.get().forEach(problem -> err.println("  " + problem));
            LOG.debug("configuration refused", e);
            return REFUSED;
        }
        err.println("defender-relay " + failedHeadline + ": " + e);
        e.printStackTrace(err);
        return FAILED;
    }

    /** The problems of a refused setting or credential, wherever Camel wrapped the refusal. */
    private static Optional<List<String>> configurationProblems(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConfigurationException refused) {
                return Optional.of(refused.problems());
            }
            if (cause instanceof InvalidCredentialsException refused) {
                return Optional.of(List.of(refused.getMessage()));
            }
        }
        return Optional.empty();
    }

    /** A ready-to-run Main for the given home directory; tests use it with override properties. */
    public static Main create(Path home) {
        return create(home, Clock.systemUTC());
    }

    /** The same on another clock: tests run the relay on a clock that is not Graph's. */
    public static Main create(Path home, Clock clock) {
        return create(RelayRun.daemon(home), clock);
    }

    /** A ready-to-run Main for this run: the daemon, or a backfill of a range. */
    static Main create(RelayRun run, Clock clock) {
        return create(run, clock, new RelayBootstrap(new RelayHome(run.home()), run, true));
    }

    /**
     * The relay configured as {@code run} configures it (the startup check, every tenant's credentials and trust, the
     * demo tenant when there is none) but without poll routes: for the commands that check a configuration.
     */
    static Configured configured(Path home) throws Exception {
        RelayRun run = RelayRun.daemon(home);
        RelayBootstrap bootstrap = new RelayBootstrap(new RelayHome(home), run, false);
        Main main = create(run, Clock.systemUTC(), bootstrap);
        main.init();
        return new Configured(main, run, bootstrap);
    }

    /**
     * A configured, never started relay; closing it releases what configuring started (the demo tenant). Its Camel
     * context is not stopped: that would make the lazy sink beans (to destroy them), creating output directories.
     */
    record Configured(Main main, RelayRun run, RelayBootstrap bootstrap) implements AutoCloseable {

        CamelContext context() {
            return main.getCamelContext();
        }

        SettingsSource settings() {
            return SettingsSource.of(context());
        }

        Tenants tenants() {
            return main.lookup("tenants", Tenants.class);
        }

        /** An HTTP client trusting what the relay's https component trusts (the JVM's CAs, relay.trust-store, the demo). */
        HttpClient httpClient(Duration connectTimeout) throws GeneralSecurityException, IOException {
            SSLContext tls = context().getComponent("https", HttpComponent.class).getSslContextParameters()
                    .createSSLContext(context());
            return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls)
                    .connectTimeout(connectTimeout).build();
        }

        @Override
        public void close() {
            bootstrap.closeDemo();
        }
    }

    private static Main create(RelayRun run, Clock clock, RelayBootstrap bootstrap) {
        RelayHome relayHome = new RelayHome(run.home());
        Main main = new Main();
        main.bind("relayClock", clock);
        // the registry Camel serves at /observe/metrics; the relay's own counters go to it too
        main.bind("metricsRegistry", new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        main.bind("relayRun", run);
        main.setPropertyPlaceholderLocations(relayHome.propertiesLocations());
        main.configure().withRoutesIncludePattern(relayHome.routesPattern());
        main.configure().addConfiguration(ObserveConfiguration.class);
        main.configure().addConfiguration(RetryConfiguration.class);
        main.configure().addConfiguration(GraphConfiguration.class);
        main.configure().addConfiguration(NormalizeConfiguration.class);
        main.configure().addConfiguration(DeliverConfiguration.class);
        main.configure().addConfiguration(SiemConfiguration.class);
        main.addMainListener(bootstrap);
        return main;
    }
}
