package io.defenderrelay.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The shipped application.properties, packed in the jar: the relay's defaults and the list of its keys. */
public final class ShippedDefaults {
    public static final String FILE = "application.properties";

    private ShippedDefaults() {
    }

    public static String text() {
        try (InputStream in = ShippedDefaults.class.getClassLoader().getResourceAsStream(FILE)) {
            if (in == null) {
                throw new IllegalStateException(FILE + " is missing from the relay's jar; rebuild it with mvn package");
            }
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the shipped " + FILE, e);
        }
    }
}
