package io.defenderrelay.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded random damage to Graph alerts, anywhere in the tree: missing fields, wrong types, huge strings, odd
 * unicode, deep nesting (below Jackson's limit of 1000 levels, so that the damaged tree can still be written as
 * text), unknown evidence types and broken timestamps.
 */
final class AlertMutator {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_TARGET_DEPTH = 8;
    private static final String[] ODD_TEXT = {"", " ", "null", "\u0000", "\uFEFF", "e\u0301", "\u202Eevil.exe",
            "\uD83D\uDE00\uD83D\uDC80", "\uD800", "日本語のテキスト", "שלום", "\r\n\t", "\\", "\"", "0",
            "-1",
            "1e309", "NaN", "T1059.001", "#microsoft.graph.security.deviceEvidence", "2026-10-01T00:00:00Z",
            "2026-13-45T99:99:99Z", "2026-10-01T00:00:00.12345678901Z", "+999999999-12-31T23:59:59Z", "::", "1.2.3.4"};
    private static final String[] EVIDENCE_FIELDS = {"mdeDeviceId", "deviceDnsName", "userAccount", "url",
            "ipAddress", "processId", "imageFile", "fileDetails", "registryKey", "networkMessageId", "clusterBy",
            "primaryAddress", "appId", "securityGroupId", "resourceId", "roles", "verdict", "@odata.type"};

    private final SplittableRandom random;

    AlertMutator(long seed) {
        random = new SplittableRandom(seed);
    }

    /** A damaged copy: one to four mutations at random places. */
    JsonNode mutate(JsonNode alert) {
        JsonNode copy = alert.deepCopy();
        int mutations = 1 + random.nextInt(4);
        for (int i = 0; i < mutations; i++) {
            copy = mutateOnce(copy);
        }
        return copy;
    }

    private JsonNode mutateOnce(JsonNode root) {
        if (random.nextInt(40) == 0) {
            return randomValue(0);
        }
        List<ObjectNode> objects = new ArrayList<>();
        collectObjects(root, objects, 0);
        if (objects.isEmpty()) {
            return root;
        }
        ObjectNode target = objects.get(random.nextInt(objects.size()));
        List<String> names = new ArrayList<>();
        target.fieldNames().forEachRemaining(names::add);
        String field = names.isEmpty() || random.nextInt(8) == 0
                ? EVIDENCE_FIELDS[random.nextInt(EVIDENCE_FIELDS.length)] : names.get(random.nextInt(names.size()));
        switch (random.nextInt(7)) {
            case 0 -> target.remove(field);
            case 1 -> target.putNull(field);
            case 2 -> target.set(field, randomValue(0));
            case 3 -> target.put(field, hugeString());
            case 4 -> target.put(field, ODD_TEXT[random.nextInt(ODD_TEXT.length)]);
            case 5 -> target.set(field, deepNesting(random.nextInt(10) == 0 ? 500 + random.nextInt(400)
                    : 1 + random.nextInt(100)));
            default -> target.put("@odata.type", random.nextBoolean() ? "#microsoft.graph.security.x" + random.nextInt()
                    : "Person " + random.nextInt(100));
        }
        return root;
    }

    /** Objects near the top only: a new deep nest must not land inside an earlier one. */
    private static void collectObjects(JsonNode node, List<ObjectNode> into, int depth) {
        if (node.isObject()) {
            into.add((ObjectNode) node);
        }
        if (node.isContainerNode() && into.size() < 500 && depth < MAX_TARGET_DEPTH) {
            node.forEach(child -> collectObjects(child, into, depth + 1));
        }
    }

    private JsonNode randomValue(int depth) {
        return switch (random.nextInt(depth > 2 ? 6 : 8)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.numberNode(random.nextLong());
            case 2 -> NODES.numberNode(random.nextDouble() * 1e12);
            case 3 -> NODES.booleanNode(random.nextBoolean());
            case 4 -> NODES.textNode(ODD_TEXT[random.nextInt(ODD_TEXT.length)]);
            case 5 -> NODES.textNode(randomUnicode(1 + random.nextInt(40)));
            case 6 -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.add(randomValue(depth + 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    object.set(EVIDENCE_FIELDS[random.nextInt(EVIDENCE_FIELDS.length)], randomValue(depth + 1));
                }
                yield object;
            }
        };
    }

    private String hugeString() {
        return String.valueOf((char) ('a' + random.nextInt(26))).repeat(10_000 + random.nextInt(60_000));
    }

    private String randomUnicode(int length) {
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            boolean emoji = random.nextInt(4) == 0;
            text.appendCodePoint(emoji ? random.nextInt(0x1F000, 0x1FAFF) : random.nextInt(0x20, 0x3000));
        }
        return text.toString();
    }

    private JsonNode deepNesting(int depth) {
        JsonNode node = NODES.textNode("bottom");
        for (int i = 0; i < depth; i++) {
            node = random.nextBoolean() ? NODES.arrayNode().add(node) : NODES.objectNode().set("n", node);
        }
        return node;
    }
}
