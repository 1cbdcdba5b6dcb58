package io.defenderrelay;

import io.defenderrelay.auth.InvalidCredentialsException;
import io.defenderrelay.config.ConfigurationException;
import io.defenderrelay.deliver.DeliverConfiguration;
import io.defenderrelay.deliver.siem.SiemConfiguration;
import io.defenderrelay.graph.GraphConfiguration;
import io.defenderrelay.observe.ObserveConfiguration;
import io.defenderrelay.normalize.NormalizeConfiguration;
import io.defenderrelay.retry.RetryConfiguration;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Starts the relay: Camel Main with the shipped application.properties (packed in the jar) as the defaults, overridden
 * by {@code application.properties} of the home directory (the working directory, or {@code --home DIR}), and the
 * routes of its {@code routes/} directory (the shipped ones when it has none), so users edit them without rebuilding.
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
        int status = run(args, System.err);
        if (status != 0) {
            System.exit(status); // threads a failed start left behind must not keep the JVM alive
        }
    }

    /** Runs the relay until it is stopped; returns 0, or {@link #REFUSED} / {@link #FAILED} with the reason on {@code err}. */
    static int run(String[] args, PrintStream err) {
        Optional<Path> home = home(args);
        if (home.isEmpty()) {
            err.println("usage: java -jar defender-relay.jar [--home DIR]   (DIR holds application.properties and routes/)");
            return REFUSED;
        }
        try {
            create(home.get()).run();
            return 0;
        } catch (Exception e) {
            Optional<List<String>> refused = configurationProblems(e);
            if (refused.isPresent()) {
                err.println("defender-relay did not start: fix the configuration and start it again");
                refused.get().forEach(problem -> err.println("  " + problem));
                LOG.debug("startup refused", e);
                return REFUSED;
            }
            err.println("defender-relay failed to start: " + e);
            e.printStackTrace(err);
            return FAILED;
        }
    }

    private static Optional<Path> home(String[] args) {
        Path home = Path.of(".");
        for (Iterator<String> it = Arrays.asList(args).iterator(); it.hasNext(); ) {
            String arg = it.next();
            if (arg.equals("--home") && it.hasNext()) {
                home = Path.of(it.next());
            } else if (arg.startsWith("--home=")) {
                home = Path.of(arg.substring("--home=".length()));
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(home);
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
        RelayHome relayHome = new RelayHome(home);
        Main main = new Main();
        main.bind("relayClock", clock);
        // the registry Camel serves at /observe/metrics; the relay's own counters go to it too
        main.bind("metricsRegistry", new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        main.setPropertyPlaceholderLocations(relayHome.propertiesLocations());
        main.configure().withRoutesIncludePattern(relayHome.routesPattern());
        main.configure().addConfiguration(ObserveConfiguration.class);
        main.configure().addConfiguration(RetryConfiguration.class);
        main.configure().addConfiguration(GraphConfiguration.class);
        main.configure().addConfiguration(NormalizeConfiguration.class);
        main.configure().addConfiguration(DeliverConfiguration.class);
        main.configure().addConfiguration(SiemConfiguration.class);
        main.addMainListener(new RelayBootstrap(relayHome));
        return main;
    }
}
