package io.defenderrelay.normalize;

import java.util.regex.Pattern;

/** Whether a text fits OCSF's {@code email_t} (its dictionary regex), so that it may fill an address attribute. */
final class EmailAddress {
    /** OCSF 1.8.0 {@code types.email_t.regex}, verbatim. */
    private static final Pattern EMAIL_T = Pattern.compile(
            "^[a-zA-Z0-9!#$%&'*+-/=?^_`{|}~.]+@[a-zA-Z0-9-]+\\.[a-zA-Z0-9-.]+$");

    private EmailAddress() {
    }

    static boolean isValid(String text) {
        return text != null && EMAIL_T.matcher(text).matches();
    }
}
