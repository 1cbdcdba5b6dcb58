package io.defenderrelay;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** {@code java ... RelayMain} in its own JVM: a refused start ends the process, whatever threads demo mode starts. */
class RelayMainProcessTest {

    @Test
    void aRefusedStartExitsWithStatusTwoAndNoStackTrace(@TempDir Path home) throws IOException, InterruptedException {
        // demo mode (no tenant) with a bad key and a bad value: the combination that used to leave the JVM running
        Files.writeString(home.resolve("application.properties"), "relay.sink.fle.enabled = false\nrelay.poll.interval = fast\n");
        Path stdout = home.resolve("stdout.txt");
        Path stderr = home.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RelayMain.class.getName(), "--home", home.toString())
                .directory(home.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        builder.environment().put("RELAY_SINK_SIEM_TOKN", "abc");
        Process relay = builder.start();
        if (!relay.waitFor(60, TimeUnit.SECONDS)) {
            relay.destroyForcibly();
            fail("the JVM was still running 60 s after a refused start:\n" + Files.readString(stderr));
        }

        String err = Files.readString(stderr);
        String out = Files.readString(stdout);
        assertEquals(RelayMain.REFUSED, relay.exitValue(), err + out);
        assertTrue(err.contains("unknown key relay.sink.fle.enabled: did you mean relay.sink.file.enabled?"), err);
        assertTrue(err.contains("relay.poll.interval='fast' is not a duration"), err);
        assertTrue(err.contains("unknown environment variable RELAY_SINK_SIEM_TOKN: did you mean RELAY_SINK_SIEM_TOKEN"
                + " (relay.sink.siem.token)?"), err);
        assertFalse((err + out).contains("\tat ") || (err + out).contains("Exception"), "no stack trace:\n" + err + out);
    }
}
