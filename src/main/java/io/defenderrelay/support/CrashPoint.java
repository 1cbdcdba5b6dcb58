package io.defenderrelay.support;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Test-only: lets the crash test stop the relay at a named step so that its SIGKILL lands exactly there (reading a
 * page, normalizing, writing a file, producing to Kafka, saving the checkpoint). Inert unless the JVM is started with
 * {@code -Ddefenderrelay.test.pause-at=<step>@<n>}, which is not a relay setting: then the n-th time this JVM reaches
 * {@code step}, the thread prints {@code defender-relay test pause at <step>@<n>} and waits until the process is
 * killed.
 */
public final class CrashPoint {
    public static final String PROPERTY = "defenderrelay.test.pause-at";
    public static final String PAUSED = "defender-relay test pause at ";

    private static final String STEP;
    private static final long AT;
    private static final AtomicLong REACHED = new AtomicLong();

    static {
        String value = System.getProperty(PROPERTY);
        int at = value == null ? -1 : value.lastIndexOf('@');
        STEP = at < 0 ? null : value.substring(0, at);
        AT = at < 0 ? 0 : Long.parseLong(value.substring(at + 1));
    }

    private CrashPoint() {
    }

    public static void reach(String step) {
        if (STEP == null || !STEP.equals(step) || REACHED.incrementAndGet() != AT) {
            return;
        }
        System.out.println(PAUSED + step + "@" + AT);
        System.out.flush();
        while (true) {
            LockSupport.park(); // only the test's kill ends this
        }
    }
}
