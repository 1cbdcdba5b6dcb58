package io.defenderrelay;

import io.defenderrelay.normalize.NormalizeConfiguration;
import org.apache.camel.main.Main;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;

/**
 * Starts the relay: Camel Main with {@code application.properties} and {@code routes/} read from the home directory
 * (the working directory, or {@code --home DIR}), so users edit them without rebuilding.
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
        Path properties = home.resolve("application.properties");
        if (!Files.isRegularFile(properties)) {
            throw new IllegalStateException("no application.properties in " + home.toAbsolutePath()
                    + ": run from the relay's directory or pass --home DIR");
        }
        Main main = new Main();
        main.setPropertyPlaceholderLocations("file:" + properties.toAbsolutePath());
        main.configure().withRoutesIncludePattern(RelayBootstrap.routesPattern(home, properties));
        main.configure().addConfiguration(NormalizeConfiguration.class);
        main.addMainListener(new RelayBootstrap());
        return main;
    }
}
