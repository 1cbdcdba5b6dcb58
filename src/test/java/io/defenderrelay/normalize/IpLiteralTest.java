package io.defenderrelay.normalize;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IpLiteralTest {
    @ParameterizedTest
    @ValueSource(strings = {"203.0.113.45", "0.0.0.0", "255.255.255.255", "::1", "::", "2001:db8::1",
            "2001:db8:85a3::8a2e:370:7334", "2001:0db8:0000:0000:0000:ff00:0042:8329", "::ffff:203.0.113.7",
            "fe80::1:2:3:4:5:6", "1::", "1:2:3:4:5:6:7::"})
    void acceptsAddressLiterals(String text) {
        assertTrue(IpLiteral.isValid(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "example.com", "256.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "١.٢.٣.٤", "1::2::3",
            "2001:db8:85a3:0:0:8a2e:370:7334:1", "12345::1", "g::1", ":", "1.2.3.4:80", "2001:db8::1.2.3.999",
            ":1::", "1:", ":1", "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8", "1.2.3.4::"})
    void refusesEverythingElse(String text) {
        assertFalse(IpLiteral.isValid(text));
    }
}
