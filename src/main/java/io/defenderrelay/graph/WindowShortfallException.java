package io.defenderrelay.graph;

/** The parts of an instant found fewer alerts than Graph counted in it: the poll stops there and reads it again. */
public final class WindowShortfallException extends RuntimeException {
    public WindowShortfallException(String tenant, WindowRead read, int reads, int maxReads) {
        super("tenant " + tenant + ": the parts of " + read.window() + " found " + read.total() + " alerts, Graph counted "
                + read.reportedCount() + " (alerts that changed meanwhile, or a value the relay could not filter on); "
                + "the checkpoint stays before it and the next poll reads it again (read " + reads + " of " + maxReads + ")");
    }
}
