package io.defenderrelay.contracts;

import io.defenderrelay.graph.GraphFailureDiagnosis;
import io.defenderrelay.graph.Window;
import io.defenderrelay.graph.WindowRead;
import io.defenderrelay.support.Json;
import io.defenderrelay.testing.Contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The relay's Graph parsers on responses as Microsoft documents them (src/test/resources/contracts), not as the
 * simulator writes them: a page with its count and nextLink, a partial answer, the error and throttling bodies.
 */
class DocumentedGraphRepliesTest {
    private static final URI GRAPH = URI.create("https://graph.microsoft.com");
    private static final Window HOUR = Window.of(Instant.parse("2026-10-01T00:00:00Z"),
            Instant.parse("2026-10-01T01:00:00Z"));

    private final Contract page = Contract.load("graph-alerts-page");

    @Test
    void readsADocumentedPageAndFollowsItsNextLinkVerbatim() throws JsonProcessingException {
        WindowRead read = new WindowRead(HOUR, GRAPH);
        JsonNode body = page.body();

        read.accept(200, null, bytes(body));

        assertEquals(body.get("@odata.nextLink").asText(), read.nextLink());
        assertEquals(3, read.reportedCount());
        String alertId = body.get("value").get(0).get("id").asText();
        assertEquals(alertId + "@" + body.get("value").get(0).get("lastUpdateDateTime").asText(),
                read.alerts().keySet().iterator().next());
    }

    @Test
    void takesADocumentedPartialAnswerAsPartialAndKeepsItsWarning() throws JsonProcessingException {
        Contract partial = Contract.load("graph-partial");
        WindowRead read = new WindowRead(HOUR, GRAPH);
        read.readOnce();

        read.accept(partial.status(), partial.header("Warning"), bytes(partial.body()));

        assertNull(read.nextLink());
        assertEquals(WindowRead.Outcome.PARTIAL, read.outcome());
        assertEquals(partial.header("Warning"), read.partialWarning());
    }

    @Test
    void diagnosesGraphsDocumentedErrorBodiesByTheirCodeAndMessage() throws JsonProcessingException {
        Contract throttled = Contract.load("graph-throttled");
        Contract error = Contract.load("graph-error");

        assertTrue(GraphFailureDiagnosis.diagnose(failure(throttled), "contoso", "app").startsWith("Graph answered 429 "
                + "TooManyRequests (Wait before sending more requests.): tenant contoso is still throttled"));
        assertTrue(GraphFailureDiagnosis.diagnose(failure(error), "contoso", "app").startsWith("Graph answered 400 "
                + "BadRequest (The $skip value 501 is above the maximum of 500.): Graph rejected the relay's query"));
    }

    @Test
    void retriesADocumentedThrottledAnswerButNotADocumentedBadRequest() throws JsonProcessingException {
        GraphFailureDiagnosis diagnosis = new GraphFailureDiagnosis();

        assertTrue(diagnosis.isRetryable(exchangeFailedWith(failure(Contract.load("graph-throttled")))));
        assertFalse(diagnosis.isRetryable(exchangeFailedWith(failure(Contract.load("graph-error")))));
    }

    private static HttpOperationFailedException failure(Contract contract) throws JsonProcessingException {
        String retryAfter = contract.header("Retry-After");
        return new HttpOperationFailedException(GRAPH + "/v1.0/security/alerts_v2", contract.status(), "documented",
                null, retryAfter == null ? Map.of() : Map.of("Retry-After", retryAfter),
                Json.mapper().writeValueAsString(contract.body()));
    }

    private static Exchange exchangeFailedWith(Exception failure) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setException(failure);
        return exchange;
    }

    private static ByteArrayInputStream bytes(JsonNode body) throws JsonProcessingException {
        return new ByteArrayInputStream(Json.mapper().writeValueAsBytes(body));
    }
}
