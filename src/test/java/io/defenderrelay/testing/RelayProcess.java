package io.defenderrelay.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The real relay main in a JVM of its own (heap limits, kill -9, exit status): its home directory holds the given
 * settings as application.properties, and everything it prints goes to relay.log there.
 */
public final class RelayProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private RelayProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code java <jvmOptions> io.defenderrelay.RelayMain --home home} with this JVM's class path. */
    public static RelayProcess start(Path home, Map<String, String> settings, String... jvmOptions) {
        Properties properties = new Properties();
        properties.putAll(settings);
        Path log = home.resolve("relay.log");
        try {
            Files.createDirectories(home);
            try (OutputStream out = Files.newOutputStream(home.resolve("application.properties"))) {
                properties.store(out, "written by RelayProcess");
            }
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(List.of(jvmOptions));
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.defenderrelay.RelayMain",
                    "--home", home.toString()));
            Process process = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            return new RelayProcess(process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the relay in a JVM of its own", e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The relay JVM's process, for measuring it from outside (CPU time, attach). */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** What the relay printed so far. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
