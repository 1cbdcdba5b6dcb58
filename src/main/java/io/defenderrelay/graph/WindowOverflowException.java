package io.defenderrelay.graph;

/** A window Graph cannot serve completely even after every partition the $filter allows. */
public final class WindowOverflowException extends RuntimeException {
    public WindowOverflowException(Window window, long count) {
        super("Graph reports " + count + " alerts in " + window + ", more than one query can return, and no "
                + "$filter property is left to partition them; refusing to skip any. Report this with the window "
                + "to the relay maintainers.");
    }
}
