package io.defenderrelay.config;

import java.util.List;

/** One or more settings are missing or wrong; each problem names the key and how to fix it. */
public final class ConfigurationException extends RuntimeException {
    private final List<String> problems;

    public ConfigurationException(String message) {
        this(message, null);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
        this.problems = List.of(message);
    }

    /** Every problem the startup check found, so an operator fixes them in one go. */
    public ConfigurationException(List<String> problems) {
        super(String.join(System.lineSeparator(), problems));
        this.problems = List.copyOf(problems);
    }

    /** One line per problem: what is wrong and how to fix it. */
    public List<String> problems() {
        return problems;
    }
}
