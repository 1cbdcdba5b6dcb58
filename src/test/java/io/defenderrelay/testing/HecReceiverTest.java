package io.defenderrelay.testing;

import io.defenderrelay.support.Json;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HecReceiverTest {
    private static final String TOKEN = "11111111-2222-3333-4444-555555555555";
    private static final String AUTH = "Splunk " + TOKEN;
    private static final String TWO = "{\"time\":1714557600.123,\"event\":{\"n\":1}}{\"time\":1714557600.124,\"event\":{\"n\":2}}";

    private final HecReceiver hec = HecReceiver.start(TOKEN);

    HecReceiverTest() throws IOException {
    }

    @AfterEach
    void stop() {
        hec.close();
    }

    @Test
    void acceptsConcatenatedEnvelopes() throws Exception {
        HttpResponse<String> response = post(TWO, "Authorization", AUTH);

        assertAnswer(response, 200, 0);
        assertEquals(2, hec.envelopes().size());
        assertEquals(2, hec.events().get(1).path("n").asInt());
    }

    @Test
    void answersHealthCheck() throws Exception {
        HttpResponse<String> response = TestHttp.get(hec.url() + "/services/collector/health");

        assertAnswer(response, 200, 17);
    }

    @Test
    void requiresTheSplunkAuthorizationHeader() throws Exception {
        assertAnswer(post(TWO), 401, 2);
        assertAnswer(post(TWO, "Authorization", "Splunk wrong-token"), 403, 3);
        assertAnswer(post(TWO, "Authorization", "Bearer " + TOKEN), 403, 3);
        assertEquals(0, hec.acceptedCount());
    }

    @Test
    void refusesAJsonArrayAsInvalidDataAtEventZero() throws Exception {
        HttpResponse<String> response = post("[" + TWO.replace("}{", "},{") + "]", "Authorization", AUTH);

        assertInvalidEvent(response, 6, 0);
    }

    @Test
    void namesTheFirstBadEnvelopeAndKeepsTheOnesBeforeIt() throws Exception {
        String body = TWO + "{\"time\":1,\"host\":\"h\"}" + TWO;

        HttpResponse<String> response = post(body, "Authorization", AUTH);

        assertInvalidEvent(response, 12, 2);
        assertEquals(2, hec.acceptedCount());
    }

    @Test
    void refusesBlankEventsNonNumericTimeNestedFieldsAndEmptyBodies() throws Exception {
        assertAnswer(post("{\"event\":\"  \"}", "Authorization", AUTH), 400, 13);
        assertAnswer(post("{\"time\":\"yesterday\",\"event\":{}}", "Authorization", AUTH), 400, 6);
        assertAnswer(post("{\"event\":{},\"fields\":{\"a\":{\"b\":1}}}", "Authorization", AUTH), 400, 15);
        assertAnswer(post(" \n", "Authorization", AUTH), 400, 5);
        assertAnswer(post("{\"event\":{\"n\":1}} not json", "Authorization", AUTH), 400, 6);
    }

    @Test
    void acceptsGzipAndRefusesOtherContentEncodings() throws Exception {
        byte[] gzipped = gzip(TWO);

        assertAnswer(TestHttp.post(hec.eventUrl(), gzipped, "Authorization", AUTH, "Content-Encoding", "gzip"), 200, 0);
        assertEquals(415, TestHttp.post(hec.eventUrl(), gzipped, "Authorization", AUTH, "Content-Encoding", "br").statusCode());
        assertEquals(2, hec.acceptedCount());
    }

    @Test
    void answersBusyWithRetryAfterWhileScriptedBusy() throws Exception {
        hec.busyFor(Duration.ofMinutes(1));

        HttpResponse<String> response = post(TWO, "Authorization", AUTH);

        assertAnswer(response, 503, 9);
        assertEquals("1", response.headers().firstValue("Retry-After").orElseThrow());
        hec.busyFor(Duration.ZERO);
        assertAnswer(post(TWO, "Authorization", AUTH), 200, 0);
        assertEquals(2, hec.requestCount());
    }

    @Test
    void rejectsScriptedPoisonEventsWithTheirNumber() throws Exception {
        hec.rejectEventsMatching(envelope -> envelope.at("/event/n").asInt() == 2, 7);

        HttpResponse<String> response = post(TWO, "Authorization", AUTH);

        assertInvalidEvent(response, 7, 1);
        assertEquals(1, hec.acceptedCount());
    }

    @Test
    void refusesBodiesOverTheContentLengthLimit() throws Exception {
        hec.maxContentLength(10);

        assertEquals(413, post(TWO, "Authorization", AUTH).statusCode());
        assertEquals(0, hec.acceptedCount());
    }

    @Test
    void countingReceiverTracksDistinctUidsWithoutKeepingEnvelopes() throws Exception {
        try (HecReceiver counting = HecReceiver.startCounting(TOKEN)) {
            String envelope = "{\"event\":{\"metadata\":{\"uid\":\"u1\"}}}";
            TestHttp.post(counting.eventUrl(), (envelope + envelope).getBytes(StandardCharsets.UTF_8), "Authorization", AUTH);

            assertEquals(2, counting.acceptedCount());
            assertEquals(Set.of("u1"), counting.distinctUids());
            assertTrue(counting.envelopes().isEmpty());
        }
    }

    private HttpResponse<String> post(String body, String... headers) throws Exception {
        return TestHttp.post(hec.eventUrl(), body.getBytes(StandardCharsets.UTF_8), headers);
    }

    private static void assertAnswer(HttpResponse<String> response, int status, int code) throws IOException {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(code, json(response).path("code").asInt(), response.body());
    }

    private static void assertInvalidEvent(HttpResponse<String> response, int code, int eventNumber) throws IOException {
        assertAnswer(response, 400, code);
        assertEquals(eventNumber, json(response).path("invalid-event-number").asInt(), response.body());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return Json.mapper().readTree(response.body());
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
