package io.defenderrelay.simulator;

/** A query Graph would answer with 400 BadRequest; the message is Graph's explanation. */
final class InvalidQuery extends Exception {
    InvalidQuery(String message) {
        super(message);
    }
}
