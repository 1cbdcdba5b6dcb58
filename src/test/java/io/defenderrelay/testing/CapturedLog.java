package io.defenderrelay.testing;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records what a logger and its children write (all levels) while open, so tests can check warnings, the absence
 * of secrets, and which requests came before a line.
 */
public final class CapturedLog implements AutoCloseable {
    /** One log event: when, its level and message as "LEVEL message", and the thread that logged it. */
    public record Line(Instant at, String text, String thread) {
    }

    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final String loggerName;
    private final AbstractAppender appender;

    public CapturedLog(String loggerName) {
        this.loggerName = loggerName;
        appender = new AbstractAppender("captured-" + loggerName, null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                Instant at = Instant.ofEpochSecond(event.getInstant().getEpochSecond(), event.getInstant().getNanoOfSecond());
                lines.add(new Line(at, event.getLevel() + " " + event.getMessage().getFormattedMessage(),
                        event.getThreadName()));
            }
        };
        appender.start();
        Configuration configuration = context.getConfiguration();
        LoggerConfig logger = new LoggerConfig(loggerName, Level.ALL, true);
        logger.addAppender(appender, Level.ALL, null);
        configuration.addLogger(loggerName, logger);
        context.updateLoggers();
    }

    /** "LEVEL message" of every event so far. */
    public List<String> lines() {
        return lines.stream().map(Line::text).toList();
    }

    /** The events so far whose text contains {@code part}, in order. */
    public List<Line> linesContaining(String part) {
        return lines.stream().filter(line -> line.text().contains(part)).toList();
    }

    @Override
    public void close() {
        context.getConfiguration().removeLogger(loggerName);
        context.updateLoggers();
        appender.stop();
    }
}
