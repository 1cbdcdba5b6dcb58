package io.defenderrelay.testing;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Everything the relay's console would print while open, formatted by the shipped log4j2.properties' own layout
 * (so its masking applies), with the root logger and any named loggers turned to {@code level} as an operator
 * would; the previous levels come back on close.
 */
public final class ConsoleText implements AutoCloseable {
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final List<String> text = new CopyOnWriteArrayList<>();
    private final Map<String, Level> previous = new LinkedHashMap<>();
    private final AbstractAppender appender;

    public ConsoleText(Level level, String... loggers) {
        this("text", level, loggers);
    }

    /** The same formatted by the layout of the shipped console appender {@code format} (text, json). */
    public ConsoleText(String format, Level level, String... loggers) {
        Configuration configuration = context.getConfiguration();
        Layout<?> layout = ((AbstractAppender) configuration.getAppender(format)).getLayout();
        appender = new AbstractAppender("console-text", null, layout, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                text.add(String.valueOf(getLayout().toSerializable(event)));
            }
        };
        appender.start();
        previous.put(LogManager.ROOT_LOGGER_NAME, configuration.getRootLogger().getLevel());
        for (String logger : loggers) {
            previous.put(logger, configuration.getLoggerConfig(logger).getLevel());
        }
        configuration.getRootLogger().addAppender(appender, Level.ALL, null);
        Configurator.setRootLevel(level);
        for (String logger : loggers) {
            Configurator.setLevel(logger, level);
        }
    }

    /** The text printed so far. */
    public String text() {
        return String.join("", text);
    }

    public int lines() {
        return text.size();
    }

    @Override
    public void close() {
        LoggerConfig root = context.getConfiguration().getRootLogger();
        root.removeAppender(appender.getName());
        previous.forEach((logger, level) -> {
            if (logger.equals(LogManager.ROOT_LOGGER_NAME)) {
                Configurator.setRootLevel(level);
            } else {
                Configurator.setLevel(logger, level);
            }
        });
        context.updateLoggers();
        appender.stop();
    }
}
