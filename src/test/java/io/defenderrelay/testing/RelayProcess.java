package io.defenderrelay.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The real relay main in a JVM of its own (heap limits, kill -9, exit status): its home directory holds the given
 * settings as application.properties, and everything it prints goes to relay.log there.
 */
public final class RelayProcess implements AutoCloseable {
    /** System property naming the fat jar (set by the long profile in pom.xml). */
    public static final String FAT_JAR = "defenderrelay.fat-jar";

    private final Process process;
    private final Path log;

    private RelayProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code java <jvmOptions> io.defenderrelay.RelayMain --home home} with this JVM's class path. */
    public static RelayProcess start(Path home, Map<String, String> settings, String... jvmOptions) {
        return start(home, home, settings, Map.of(), jvmOptions);
    }

    /** The same in the working directory {@code workDir}, with {@code environment} added to this JVM's. */
    public static RelayProcess start(Path workDir, Path home, Map<String, String> settings,
                                     Map<String, String> environment, String... jvmOptions) {
        return start(workDir, home, settings, environment, List.of(), onClassPath(jvmOptions), List.of());
    }

    /** {@code java io.defenderrelay.RelayMain <arguments> --home home}: a command of the relay's command line. */
    public static RelayProcess command(Path home, Map<String, String> settings, String... arguments) {
        return start(home, home, settings, Map.of(), List.of(), onClassPath(), List.of(arguments));
    }

    /**
     * {@code java <jvmOptions> -jar target/defender-relay.jar --home home}: the fat jar as it ships, which the long
     * profile packages before its tests run (it passes the jar's path as {@value #FAT_JAR}); without it (an IDE run)
     * the relay main on this JVM's class path. {@code wrapper} runs first, e.g. unshare(1) to give the relay a mount of
     * its own; the relay is started as the wrapper's last arguments.
     */
    public static RelayProcess startPackaged(Path home, Map<String, String> settings, List<String> wrapper,
                                             String... jvmOptions) {
        List<String> java = launchedFromJar() ? new ArrayList<>(List.of(jvmOptions)) : onClassPath(jvmOptions);
        if (launchedFromJar()) {
            java.addAll(List.of("-jar", System.getProperty(FAT_JAR)));
        }
        return start(home, home, settings, Map.of(), wrapper, java, List.of());
    }

    /** What {@link #startPackaged} runs: the packaged fat jar, or the main class on the test class path. */
    public static boolean launchedFromJar() {
        return System.getProperty(FAT_JAR) != null;
    }

    private static List<String> onClassPath(String... jvmOptions) {
        List<String> java = new ArrayList<>(List.of(jvmOptions));
        java.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.defenderrelay.RelayMain"));
        return java;
    }

    private static RelayProcess start(Path workDir, Path home, Map<String, String> settings,
                                      Map<String, String> environment, List<String> wrapper, List<String> java,
                                      List<String> arguments) {
        Path log = home.resolve("relay.log");
        try {
            writeSettings(home, settings);
            Files.createDirectories(workDir);
            List<String> command = new ArrayList<>(wrapper);
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(java);
            command.addAll(arguments);
            command.addAll(List.of("--home", home.toString()));
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            return new RelayProcess(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the relay in a JVM of its own", e);
        }
    }

    /** Writes {@code settings} as the home's application.properties. */
    public static void writeSettings(Path home, Map<String, String> settings) throws IOException {
        Properties properties = new Properties();
        properties.putAll(settings);
        Files.createDirectories(home);
        try (OutputStream out = Files.newOutputStream(home.resolve("application.properties"))) {
            properties.store(out, "written by RelayProcess");
        }
    }

    /** Waits for the process to end; its exit status, or empty if it still runs after {@code timeout}. */
    public OptionalInt waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? OptionalInt.of(process.exitValue())
                : OptionalInt.empty();
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

    /** Waits until the relay printed {@code text}; fails when it exits or the timeout passes first. */
    public void awaitLog(String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!log().contains(text)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError((process.isAlive() ? "timed out after " + timeout : "the relay exited")
                        + " waiting for '" + text + "' in " + log);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for '" + text + "'", e);
            }
        }
    }

    /** SIGKILL, as a crash or an OOM killer would: no shutdown hook runs. */
    public void kill() {
        try {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
