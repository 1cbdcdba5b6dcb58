package io.defenderrelay.support;

import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.pattern.ConverterKeys;
import org.apache.logging.log4j.core.pattern.LogEventPatternConverter;
import org.apache.logging.log4j.core.pattern.PatternConverter;

import java.util.regex.Pattern;

/**
 * {@code %maskedMessage}: the log message with the credentials a library prints (HttpClient's headers and wire at
 * DEBUG/TRACE) masked: an Authorization header's value (the bearer token, the SIEM credential), a token request's
 * client_secret or client_assertion, and the access_token of Entra's answer. Both layouts of log4j2.properties print
 * the message through it (the text pattern, and the JSON layout's message field), so neither prints them, whatever
 * level an operator turns a logger to.
 */
@Plugin(name = "MaskedMessage", category = PatternConverter.CATEGORY)
@ConverterKeys({"maskedMessage"})
public final class MaskedMessage extends LogEventPatternConverter {
    private static final Pattern CREDENTIAL = Pattern.compile("(?i)(authorization:\\s*(bearer |splunk |apikey |basic )?"
            + "|client_secret=|client_assertion=|\"access_token\":\\s*\")[^\\s\"&\\[]+");
    private static final MaskedMessage INSTANCE = new MaskedMessage();

    private MaskedMessage() {
        super("MaskedMessage", "message");
    }

    /** log4j's factory method for the converter; it takes no options. */
    public static MaskedMessage newInstance(String[] options) {
        return INSTANCE;
    }

    /** {@code text} with every credential value the pattern finds replaced by {@code ***}. */
    public static String mask(String text) {
        return CREDENTIAL.matcher(text).replaceAll("$1***");
    }

    @Override
    public void format(LogEvent event, StringBuilder toAppendTo) {
        toAppendTo.append(mask(event.getMessage().getFormattedMessage()));
    }
}
