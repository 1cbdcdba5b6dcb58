package io.defenderrelay.graph;

/** Graph sent a page larger than relay.graph.max-page-bytes: not parsed, and not retried within the poll. */
public final class PageTooLargeException extends RuntimeException {
    public PageTooLargeException(String message) {
        super(message);
    }
}
