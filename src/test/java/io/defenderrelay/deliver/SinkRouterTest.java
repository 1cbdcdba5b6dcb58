package io.defenderrelay.deliver;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SinkRouterTest {
    private static final int LOW = 2;
    private static final int MEDIUM = 3;
    private static final int HIGH = 4;
    private static final int OTHER = 99;

    private static SinkRule all(String sink) {
        return new SinkRule(sink, true, 0, Set.of(), Set.of(), Set.of());
    }

    private final SinkRouter shippedDefault = new SinkRouter(List.of(all("file"), all("kafka"),
            new SinkRule("siem", true, MEDIUM, Set.of(), Set.of(), Set.of())));

    @Test
    void shippedDefaultSendsEverythingToFileAndKafkaAndMediumUpToTheSiem() {
        assertEquals("direct:to-file,direct:to-kafka", shippedDefault.recipients(LOW, "Email", "x", "t1"));
        assertEquals("direct:to-file,direct:to-kafka,direct:to-siem", shippedDefault.recipients(MEDIUM, "Email", "x", "t1"));
        assertEquals("direct:to-file,direct:to-kafka,direct:to-siem", shippedDefault.recipients(HIGH, "Email", "x", "t1"));
    }

    @Test
    void aSeverityNewerThanTheRelayPassesEveryThreshold() {
        SinkRouter router = new SinkRouter(List.of(new SinkRule("siem", true, HIGH, Set.of(), Set.of(), Set.of())));
        assertEquals("direct:to-siem", router.recipients(OTHER, "Email", "x", "t1"));
        assertEquals("", router.recipients(MEDIUM, "Email", "x", "t1"));
    }

    @Test
    void categoryServiceSourceAndTenantListsNarrowASinkCaseInsensitively() {
        SinkRouter router = new SinkRouter(List.of(
                new SinkRule("siem", true, 0, Set.of("Identity", " Email "), Set.of(), Set.of()),
                new SinkRule("kafka", true, 0, Set.of(), Set.of("microsoftDefenderForEndpoint"), Set.of("eu"))));
        assertEquals("direct:to-siem", router.recipients(LOW, "email", "microsoftDefenderForOffice365", "eu"));
        assertEquals("direct:to-kafka", router.recipients(LOW, "Antivirus", "MicrosoftDefenderForEndpoint", "EU"));
        assertEquals("", router.recipients(LOW, "Antivirus", "microsoftDefenderForEndpoint", "us"));
        assertEquals("", router.recipients(LOW, null, null, null));
    }

    @Test
    void aDisabledSinkGetsNothingAndUnroutedEventsAreCounted() {
        SinkRouter router = new SinkRouter(List.of(new SinkRule("file", false, 0, Set.of(), Set.of(), Set.of())));
        assertEquals("", router.recipients(HIGH, "Email", "x", "t1"));
        router.unrouted("a@1");
        router.unrouted("b@1");
        assertEquals(2, router.unroutedCount());
    }

    @Test
    void aThresholdThatIsNoSeverityIsRefusedWithTheValidNames() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> SinkRule.severityId("siem", "urgent"));
        assertTrue(refused.getMessage().contains("relay.sink.siem.min-severity = 'urgent'"), refused.getMessage());
        assertTrue(refused.getMessage().contains("medium, high"), refused.getMessage());
        assertEquals(MEDIUM, SinkRule.severityId("siem", " Medium "));
        assertEquals(1, SinkRule.severityId("siem", "informational"));
        assertEquals(0, SinkRule.severityId("siem", ""));
    }
}
