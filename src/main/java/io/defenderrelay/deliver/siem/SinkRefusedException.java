package io.defenderrelay.deliver.siem;

/**
 * A sink refused the request in a way sending again cannot fix (bad credentials, wrong URL): the window stops
 * unacknowledged, and the message tells the operator what to change.
 */
public final class SinkRefusedException extends RuntimeException {
    public SinkRefusedException(String message) {
        super(message);
    }
}
