package io.defenderrelay;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;

/** {@code java -jar defender-relay.jar [--home DIR] [COMMAND]}: the relay itself unless another command is named. */
@Command(name = "defender-relay", mixinStandardHelpOptions = true, versionProvider = RelayCommand.Version.class,
        scope = ScopeType.INHERIT, sortOptions = false, usageHelpAutoWidth = true,
        description = "Relays Microsoft Defender XDR alerts (Graph alerts_v2) to files, Kafka and SIEMs.%n"
                + "Without a command it runs the relay (the same as `run`).",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:done (run: stopped normally)", "1:failed (the reason is on standard error)",
                "2:refused: unknown option, or a configuration problem (every one is listed)"},
        subcommands = {RelayCommand.Run.class, ValidateConfigCommand.class, TestConnectionCommand.class,
                BackfillCommand.class})
final class RelayCommand implements Callable<Integer> {

    @Option(names = "--home", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "reads DIR/application.properties and DIR/routes/; relative output paths (relay.state.dir, "
                    + "relay.sink.file.dir, relay.dead-letter.dir) resolve under DIR (default: the working directory)")
    Path home = Path.of(".");

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return run(home, spec);
    }

    /** Polls every configured tenant until stopped (Ctrl-C). */
    static int run(Path home, CommandSpec spec) {
        try {
            RelayMain.create(home).run();
            return 0;
        } catch (Exception e) {
            return RelayMain.failed("did not start: fix the configuration and start it again", "failed to start", e, spec.commandLine().getErr());
        }
    }

    @Command(name = "run", header = "Runs the relay until stopped (the default command).", description = "Runs the relay: polls every configured tenant (the built-in demo tenant when none is) "
                    + "until stopped with Ctrl-C.")
    static final class Run implements Callable<Integer> {
        @ParentCommand
        RelayCommand relay;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return RelayCommand.run(relay.home, spec);
        }
    }

    /** The version Maven wrote into the jar. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties version = new Properties();
            try (InputStream in = RelayCommand.class.getResourceAsStream("/defender-relay-version.properties")) {
                if (in != null) {
                    version.load(in);
                }
            }
            return new String[] {"defender-relay " + version.getProperty("version", "(unknown version)"),
                    "Java " + System.getProperty("java.version") + ", " + System.getProperty("java.vm.name")};
        }
    }
}
