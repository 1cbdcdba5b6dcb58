package io.defenderrelay.testing;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/** A test server started on first use and shared by every test of the JVM, stopped when the JVM exits. */
public final class PerJvm<T> {
    private final String name;
    private final Callable<T> start;
    private final Consumer<T> stop;
    private T instance;

    public PerJvm(String name, Callable<T> start, Consumer<T> stop) {
        this.name = name;
        this.start = start;
        this.stop = stop;
    }

    public synchronized T get() {
        if (instance == null) {
            try {
                instance = start.call();
            } catch (Exception e) {
                throw new IllegalStateException(name + " did not start", e);
            }
            T started = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop.accept(started), name + " stop"));
        }
        return instance;
    }
}
