package io.defenderrelay.graph;

import io.defenderrelay.support.Json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One alerts_v2 page, tokenized rather than built into a tree: value[] as {@link PagedAlert}s, @odata.count and
 * @odata.nextLink. It reads like {@code readTree} then {@code get}: a repeated member counts as its last occurrence,
 * and a null member as absent.
 *
 * @param count     @odata.count as {@code asLong()} reads it, or -1 when absent
 * @param nextLink  @odata.nextLink as {@code asText()} reads it, or null when absent
 */
record AlertsPage(List<PagedAlert> alerts, long count, String nextLink) {

    /** Throws {@link GraphResponseException} naming {@code window} when {@code bytes} is not a usable page. */
    static AlertsPage parse(byte[] bytes, Window window) {
        try (JsonParser parser = Json.mapper().createParser(bytes)) {
            List<PagedAlert> alerts = null;
            long count = -1;
            String nextLink = null;
            if (parser.nextToken() == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    JsonToken token = parser.nextToken();
                    switch (name) {
                        case "value" -> alerts = token == JsonToken.START_ARRAY ? alerts(parser, bytes) : skip(parser);
                        case "@odata.count" -> count = token == JsonToken.VALUE_NULL ? -1 : asLong(parser);
                        case "@odata.nextLink" -> nextLink = token == JsonToken.VALUE_NULL ? null : text(parser);
                        default -> parser.skipChildren();
                    }
                }
            }
            if (alerts == null) {
                throw new GraphResponseException("alerts_v2 answered without a value[] array for " + window);
            }
            return new AlertsPage(alerts, count, nextLink);
        } catch (JsonProcessingException e) {
            throw new GraphResponseException("alerts_v2 sent a malformed page for " + window + ": "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new GraphResponseException("alerts_v2 page for " + window + " could not be read: " + e.getMessage());
        }
    }

    private static List<PagedAlert> skip(JsonParser parser) throws IOException {
        parser.skipChildren();
        return null;
    }

    private static List<PagedAlert> alerts(JsonParser parser, byte[] bytes) throws IOException {
        List<PagedAlert> alerts = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            alerts.add(parser.currentToken() == JsonToken.START_OBJECT ? alert(parser, bytes) : notAnObject(parser));
        }
        return alerts;
    }

    /** An object: its bytes as they are, and the kept fields read on the way through. */
    private static PagedAlert alert(JsonParser parser, byte[] bytes) throws IOException {
        int start = (int) parser.currentTokenLocation().getByteOffset();
        String[] fields = PagedAlert.noFields();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            int kept = PagedAlert.kept(parser.currentName());
            parser.nextToken();
            if (kept >= 0) {
                fields[kept] = text(parser);
            } else {
                parser.skipChildren();
            }
        }
        int end = (int) parser.currentLocation().getByteOffset();
        return new PagedAlert(Arrays.copyOfRange(bytes, start, end), fields);
    }

    /** Not an object (normalization refuses it as such): its JSON re-written, no fields. */
    private static PagedAlert notAnObject(JsonParser parser) throws IOException {
        return new PagedAlert(Json.mapper().writeValueAsBytes(parser.readValueAsTree()), PagedAlert.noFields());
    }

    /** The current value as {@code JsonNode.asText("")} gives it; a container is skipped and reads as "". */
    private static String text(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token.isStructStart()) {
            parser.skipChildren();
            return "";
        }
        return token == JsonToken.VALUE_NULL ? "" : parser.getText();
    }

    /** The current value as {@code JsonNode.asLong()} gives it: a number, a numeric string, else 0. */
    private static long asLong(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token.isStructStart()) {
            parser.skipChildren();
            return 0;
        }
        return parser.getValueAsLong(0);
    }
}
