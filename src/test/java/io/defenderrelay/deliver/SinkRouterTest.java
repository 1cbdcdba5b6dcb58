package io.defenderrelay.deliver;

import io.defenderrelay.config.ConfigurationException;
import io.defenderrelay.testing.ShippedSettings;

import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultMessage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.defenderrelay.deliver.SinkRule.Suppressed.EXCLUDE;
import static io.defenderrelay.deliver.SinkRule.Suppressed.INCLUDE;
import static io.defenderrelay.deliver.SinkRule.Suppressed.ONLY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SinkRouterTest {
    private static final int LOW = 2;
    private static final int MEDIUM = 3;
    private static final int HIGH = 4;
    private static final int OTHER = 99;

    private static SinkRule all(String sink) {
        return new SinkRule(sink, true, 0, Set.of(), Set.of(), Set.of(), INCLUDE);
    }

    private final SinkRouter shippedDefault = new SinkRouter(List.of(all("file"), all("kafka"),
            new SinkRule("siem", true, MEDIUM, Set.of(), Set.of(), Set.of(), INCLUDE)));

    @Test
    void shippedDefaultSendsEverythingToFileAndKafkaAndMediumUpToTheSiem() {
        assertEquals(List.of("file", "kafka"), shippedDefault.sinksFor(LOW, "Email", "x", "t1", false, "uid"));
        assertEquals(List.of("file", "kafka", "siem"), shippedDefault.sinksFor(MEDIUM, "Email", "x", "t1", false, "uid"));
        assertEquals(List.of("file", "kafka", "siem"), shippedDefault.sinksFor(HIGH, "Email", "x", "t1", false, "uid"));
    }

    @Test
    void theRouteStepJudgesTheHeadersNormalizationSet() {
        SinkRouter router = new SinkRouter(List.of(all("file"),
                new SinkRule("siem", true, MEDIUM, Set.of(), Set.of(), Set.of(), EXCLUDE)));
        Message event = new DefaultMessage(new DefaultCamelContext());
        event.setHeader("relaySeverityId", HIGH);
        event.setHeader("tenant", "t1");
        router.route(event);
        assertEquals(List.of("file", "siem"), event.getHeader(GroupBySink.SINKS));
        event.setHeader("relaySuppressed", true);
        router.route(event);
        assertEquals(List.of("file"), event.getHeader(GroupBySink.SINKS));
    }

    @Test
    void aSeverityNewerThanTheRelayPassesEveryThreshold() {
        SinkRouter router = new SinkRouter(List.of(new SinkRule("siem", true, HIGH, Set.of(), Set.of(), Set.of(), INCLUDE)));
        assertEquals(List.of("siem"), router.sinksFor(OTHER, "Email", "x", "t1", false, "uid"));
        assertEquals(List.of(), router.sinksFor(MEDIUM, "Email", "x", "t1", false, "uid"));
    }

    @Test
    void categoryServiceSourceAndTenantListsNarrowASinkCaseInsensitively() {
        SinkRouter router = new SinkRouter(List.of(
                new SinkRule("siem", true, 0, Set.of("Identity", " Email "), Set.of(), Set.of(), INCLUDE),
                new SinkRule("kafka", true, 0, Set.of(), Set.of("microsoftDefenderForEndpoint"), Set.of("eu"), INCLUDE)));
        assertEquals(List.of("siem"), router.sinksFor(LOW, "email", "microsoftDefenderForOffice365", "eu", false, "uid"));
        assertEquals(List.of("kafka"), router.sinksFor(LOW, "Antivirus", "MicrosoftDefenderForEndpoint", "EU", false, "uid"));
        assertEquals(List.of(), router.sinksFor(LOW, "Antivirus", "microsoftDefenderForEndpoint", "us", false, "uid"));
        assertEquals(List.of(), router.sinksFor(LOW, null, null, null, false, "uid"));
    }

    @Test
    void aTenantsOwnSinkListNarrowsTheRulesForItsEventsOnly() {
        SinkRouter router = new SinkRouter(List.of(all("file"), all("kafka"),
                new SinkRule("siem", true, MEDIUM, Set.of(), Set.of(), Set.of(), INCLUDE)),
                Map.of("EU", Set.of("kafka", "siem"), "us", Set.of()));
        assertEquals(List.of("kafka"), router.sinksFor(LOW, "Email", "x", "eu", false, "uid"));
        assertEquals(List.of("kafka", "siem"), router.sinksFor(HIGH, "Email", "x", "Eu", false, "uid"));
        assertEquals(List.of("file", "kafka", "siem"), router.sinksFor(HIGH, "Email", "x", "us", false, "uid"));
        assertEquals(List.of("file", "kafka"), router.sinksFor(LOW, "Email", "x", "apac", false, "uid"));
    }

    @Test
    void aDisabledSinkGetsNothingAndUnroutedEventsAreCounted() {
        SinkRouter router = new SinkRouter(List.of(new SinkRule("file", false, 0, Set.of(), Set.of(), Set.of(), INCLUDE)));
        assertEquals(List.of(), router.sinksFor(HIGH, "Email", "x", "t1", false, "uid"));
        assertEquals(List.of(), router.sinksFor(LOW, "Email", "x", "t1", false, "b@1"));
        assertEquals(2, router.unroutedCount());
    }

    @Test
    void suppressionRuleResolvesGoEverywhereByDefaultAndARuleCanKeepThemOutOrTakeOnlyThem() {
        SinkRouter router = new SinkRouter(List.of(
                new SinkRule("file", true, 0, Set.of(), Set.of(), Set.of(), ONLY),
                new SinkRule("kafka", true, 0, Set.of(), Set.of(), Set.of(), INCLUDE),
                new SinkRule("siem", true, MEDIUM, Set.of(), Set.of(), Set.of(), EXCLUDE)));
        assertEquals(List.of("file", "kafka"), router.sinksFor(HIGH, "Email", "x", "t1", true, "uid"));
        assertEquals(List.of("kafka", "siem"), router.sinksFor(HIGH, "Email", "x", "t1", false, "uid"));
        assertEquals(List.of("kafka"), router.sinksFor(LOW, "Email", "x", "t1", false, "uid"),
                "the other rules still apply");
        // an edited route that lost the header: not suppressed
        assertEquals(List.of("kafka", "siem"), router.sinksFor(HIGH, "Email", "x", "t1", null, "uid"));
        assertEquals(0, router.unroutedCount());

        SinkRouter siemOnly = new SinkRouter(List.of(new SinkRule("siem", true, 0, Set.of(), Set.of(), Set.of(), EXCLUDE)));
        assertEquals(List.of(), siemOnly.sinksFor(HIGH, "Email", "x", "t1", true, "uid"));
        assertEquals(1, siemOnly.unroutedCount(), "a suppressed alert no sink takes is unrouted");
    }

    private static SinkRule.Suppressed suppressedRule(String value) {
        Map<String, String> file = ShippedSettings.map();
        file.put("relay.sink.kafka.suppressed", value);
        return SinkRules.read(ShippedSettings.source(file, Map.of()), ShippedSettings.severities()).get(1).suppressed();
    }

    @Test
    void theSuppressedKeyIsReadIgnoringCaseAndDefaultsToInclude() {
        assertEquals(INCLUDE, SinkRules.read(ShippedSettings.source(ShippedSettings.map(), Map.of()),
                ShippedSettings.severities()).get(1).suppressed());
        assertEquals(INCLUDE, suppressedRule(""));
        assertEquals(EXCLUDE, suppressedRule(" Exclude "));
        assertEquals(ONLY, suppressedRule("only"));
    }

    private static int threshold(String minSeverity) {
        Map<String, String> file = ShippedSettings.map();
        file.put("relay.sink.siem.min-severity", minSeverity);
        return SinkRules.read(ShippedSettings.source(file, Map.of()), ShippedSettings.severities()).get(2).minSeverityId();
    }

    @Test
    void aThresholdThatIsNoSeverityIsRefusedWithTheValidNames() {
        ConfigurationException refused = assertThrows(ConfigurationException.class, () -> threshold("urgent"));
        assertTrue(refused.getMessage().contains("relay.sink.siem.min-severity: 'urgent'"), refused.getMessage());
        assertTrue(refused.getMessage().contains("medium") && refused.getMessage().contains("high"), refused.getMessage());
        assertEquals(MEDIUM, threshold(" Medium "));
        assertEquals(1, threshold("informational"));
        assertEquals(1, threshold("info"));
        assertEquals(5, threshold("critical"));
        assertEquals(0, threshold(""));
    }
}
