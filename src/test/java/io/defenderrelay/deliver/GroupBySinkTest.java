package io.defenderrelay.deliver;

import io.defenderrelay.testing.InMemoryMetrics;
import io.defenderrelay.testing.SampleEvents;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** How a window's events become per-sink shares, without routes: exchanges are aggregated directly. */
class GroupBySinkTest {
    private final CamelContext camel = new DefaultCamelContext();
    private final SinkAcknowledgements acknowledgements = new SinkAcknowledgements(InMemoryMetrics.create());
    private final SinkRouter router = new SinkRouter(List.of(rule("file"), rule("kafka"), rule("siem")));
    private final GroupBySink group = new GroupBySink(acknowledgements, router, InMemoryMetrics.create());

    private static SinkRule rule(String sink) {
        return new SinkRule(sink, true, 0, Set.of(), Set.of(), Set.of(), SinkRule.Suppressed.INCLUDE);
    }

    private Exchange window() {
        Exchange window = new DefaultExchange(camel);
        window.getMessage().setHeader("tenant", "t1");
        window.getMessage().setBody(List.of("the alerts"));
        return window;
    }

    private Exchange event(int n, List<String> sinks) {
        Exchange event = new DefaultExchange(camel);
        event.getMessage().setBody(SampleEvents.event(n));
        event.getMessage().setHeader("alertId", "alert-" + n);
        if (sinks != null) {
            event.getMessage().setHeader(GroupBySink.SINKS, sinks);
        }
        return event;
    }

    @Test
    void eventsJoinTheShareOfEverySinkTheRouterChoseAndTheWindowKeepsItsHeaders() {
        Exchange original = window();
        Exchange result = group.aggregate(null, event(1, List.of("file", "siem")), original);
        result = group.aggregate(result, event(2, List.of("file")), original);
        result = group.aggregate(result, event(3, null), original); // a dead letter: no sinks
        group.onCompletion(result, original);
        WindowShares shares = result.getMessage().getBody(WindowShares.class);
        assertEquals(List.of("alert-1", "alert-2"), shares.get("file").stream().map(e -> e.headers().get("alertId")).toList());
        assertEquals(1, shares.get("siem").size());
        assertEquals(List.of(), shares.get("kafka"));
        assertEquals(List.of("file", "siem"), result.getMessage().getHeader(GroupBySink.SINKS));
        assertEquals("t1", result.getMessage().getHeader("tenant"));
        assertEquals(2, shares.uids().size());
    }

    @Test
    void prepareSerializesARoutedEventOnceAndAnUnsetHeaderIsLeftOut() {
        Exchange event = event(4, List.of("file"));
        event.getMessage().setHeader("serviceSource", null); // a hostile alert without one
        group.prepare(event);
        RoutedEvent routed = event.getMessage().getBody(RoutedEvent.class);
        assertEquals(SampleEvents.event(4).toString(), new String(routed.json(), StandardCharsets.UTF_8));
        assertEquals(false, routed.headers().containsKey("serviceSource"));
        Exchange original = window();
        Exchange result = group.aggregate(null, event, original);
        assertSame(routed, result.getMessage().getBody(WindowShares.class).get("file").get(0));

        assertThrows(IllegalStateException.class, routed::event, "no sink of a file-only event reads its tree");
        assertEquals(SampleEvents.event(4).path("class_uid").asText(), routed.classUid());

        Exchange forSiem = event(6, List.of("file", "siem"));
        group.prepare(forSiem);
        assertEquals(SampleEvents.event(6), forSiem.getMessage().getBody(RoutedEvent.class).event(),
                "the SIEM sink's formats and dead letters read the tree");

        Exchange deadLetter = event(5, null);
        group.prepare(deadLetter);
        assertInstanceOf(JsonNode.class, deadLetter.getMessage().getBody(), "only events some sink takes");
    }

    @Test
    void aSinkThatAcknowledgedAnEventInAnEarlierAttemptIsNotSentItAgain() {
        String uid = RoutedEvent.uid(SampleEvents.event(1));
        acknowledgements.acknowledge("t", "file", List.of(uid));
        Exchange original = window();
        Exchange result = group.aggregate(null, event(1, List.of("file", "kafka")), original);
        group.onCompletion(result, original);
        WindowShares shares = result.getMessage().getBody(WindowShares.class);
        assertEquals(List.of(), shares.get("file"));
        assertEquals(1, shares.get("kafka").size());
        assertEquals(List.of("kafka"), result.getMessage().getHeader(GroupBySink.SINKS));
        acknowledgements.windowCompleted(shares);
        assertEquals(false, acknowledgements.acknowledged("file", uid), "a completed window is forgotten, owed or not");
    }

    @Test
    void forgettingATenantsAcknowledgementsOfOneSinkKeepsOtherTenantsAndSinks() {
        acknowledgements.acknowledge("t1", "kafka", List.of("a@1"));
        acknowledgements.acknowledge("t1", "file", List.of("a@1"));
        acknowledgements.acknowledge("t2", "kafka", List.of("b@1"));
        acknowledgements.forget("t1", "kafka");
        assertEquals(false, acknowledgements.acknowledged("kafka", "a@1"), "t1's aborted Kafka share is owed again");
        assertEquals(true, acknowledgements.acknowledged("file", "a@1"));
        assertEquals(true, acknowledgements.acknowledged("kafka", "b@1"));
    }

    @Test
    void aWindowWithoutAlertsOwesNothingAndAFailedAlertFailsTheWindow() {
        Exchange empty = window();
        group.onCompletion(null, empty);
        assertEquals(List.of(), empty.getMessage().getHeader(GroupBySink.SINKS));
        assertEquals(List.of(), empty.getMessage().getBody(WindowShares.class).owingSinks());

        Exchange original = window();
        Exchange failed = event(1, null);
        IllegalStateException bug = new IllegalStateException("boom");
        failed.setException(bug);
        Exchange result = group.aggregate(null, failed, original);
        assertSame(bug, result.getException());
    }
}
