package io.defenderrelay.graph;

/** A window Graph cannot serve completely even after every partition the $filter allows. */
public final class WindowOverflowException extends RuntimeException {
    public WindowOverflowException(Window window) {
        super("Graph holds more alerts in " + window + " than one query can return, and no $filter property is left "
                + "to partition them; the window is tried again at the next poll, and nothing after it is skipped. "
                + "Report this with the window to the relay maintainers.");
    }
}
