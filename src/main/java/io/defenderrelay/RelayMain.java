package io.defenderrelay;

import io.defenderrelay.deliver.DeliverConfiguration;
import io.defenderrelay.deliver.siem.SiemConfiguration;
import io.defenderrelay.graph.GraphConfiguration;
import io.defenderrelay.normalize.NormalizeConfiguration;
import io.defenderrelay.retry.RetryConfiguration;

import org.apache.camel.main.Main;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;

/**
 * Starts the relay: Camel Main with the shipped application.properties (packed in the jar) as the defaults, overridden
 * by {@code application.properties} of the home directory (the working directory, or {@code --home DIR}), and the
 * routes of its {@code routes/} directory (the shipped ones when it has none), so users edit them without rebuilding.
 */
public final class RelayMain {

    private RelayMain() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(".");
        for (Iterator<String> it = Arrays.asList(args).iterator(); it.hasNext(); ) {
            String arg = it.next();
            if (arg.equals("--home") && it.hasNext()) {
                home = Path.of(it.next());
            } else if (arg.startsWith("--home=")) {
                home = Path.of(arg.substring("--home=".length()));
            } else {
                System.err.println("usage: java -jar defender-relay.jar [--home DIR]   (DIR holds application.properties and routes/)");
                System.exit(2);
            }
        }
        create(home).run();
    }

    /** A ready-to-run Main for the given home directory; tests use it with override properties. */
    public static Main create(Path home) {
        RelayHome relayHome = new RelayHome(home);
        Main main = new Main();
        main.setPropertyPlaceholderLocations(relayHome.propertiesLocations());
        main.configure().withRoutesIncludePattern(relayHome.routesPattern());
        main.configure().addConfiguration(RetryConfiguration.class);
        main.configure().addConfiguration(GraphConfiguration.class);
        main.configure().addConfiguration(NormalizeConfiguration.class);
        main.configure().addConfiguration(DeliverConfiguration.class);
        main.configure().addConfiguration(SiemConfiguration.class);
        main.addMainListener(new RelayBootstrap());
        return main;
    }
}
