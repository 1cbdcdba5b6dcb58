package io.defenderrelay.config;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** When a credential stops working, as Entra shows it: a date (2027-06-30, its start in UTC) or an instant. */
public final class ExpiryDate {
    private ExpiryDate() {
    }

    public static Instant parse(String value) {
        try {
            return value.contains("T") ? Instant.parse(value) : LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + value + "' is not a date: write it as 2027-06-30 or"
                    + " 2027-06-30T12:00:00Z (the Expires column of the app's Certificates & secrets page)", e);
        }
    }
}
