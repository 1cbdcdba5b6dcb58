package io.defenderrelay.config;

/** A setting is missing or wrong; the message names the key and how to fix it. */
public final class ConfigurationException extends RuntimeException {
    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
