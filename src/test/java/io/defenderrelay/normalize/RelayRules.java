package io.defenderrelay.normalize;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The relay's own rules on top of OCSF: no null and no "null" text anywhere (absent data is left out), digests that
 * are real hex of their algorithm's length, ATT&CK ids of their documented form, and observables that carry a value
 * and name the path where that value is.
 */
final class RelayRules {
    private static final Map<Integer, Integer> HEX_LENGTHS = Map.of(1, 32, 2, 40, 3, 64, 4, 128);
    private static final Map<String, Pattern> ATTACK_UIDS = Map.of(
            "tactic", Pattern.compile("^TA\\d{4}$"), "technique", Pattern.compile("^T\\d{4}$"),
            "sub_technique", Pattern.compile("^T\\d{4}\\.\\d{3}$"));
    private static final Pattern HEX = Pattern.compile("^[0-9a-fA-F]+$");
    private static final Pattern PATH_STEP = Pattern.compile("([^.\\[]+)(?:\\[(\\d+)])?");

    private RelayRules() {
    }

    static List<String> violations(JsonNode event) {
        List<String> violations = new ArrayList<>();
        noNulls(event, "", violations);
        hashes(event, "", violations);
        event.at("/finding_info/attacks").forEach(attack -> ATTACK_UIDS.forEach((member, form) -> {
            JsonNode uid = attack.path(member).path("uid");
            if (uid.isTextual() && !form.matcher(uid.textValue()).matches()) {
                violations.add("finding_info.attacks[]." + member + ".uid '" + uid.textValue() + "' is not of the form "
                        + form.pattern());
            }
        }));
        JsonNode observables = event.path("observables");
        for (int i = 0; i < observables.size(); i++) {
            observable(event, observables.get(i), "observables[" + i + "]", violations);
        }
        return violations;
    }

    private static void noNulls(JsonNode node, String path, List<String> violations) {
        if (node.isNull()) {
            violations.add(path + ": null (the relay leaves absent data out)");
        } else if (node.isTextual() && node.textValue().equals("null")) {
            violations.add(path + ": the text \"null\" (the relay leaves absent data out)");
        } else if (node.isObject()) {
            node.fields().forEachRemaining(f -> noNulls(f.getValue(), join(path, f.getKey()), violations));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                noNulls(node.get(i), path + "[" + i + "]", violations);
            }
        }
    }

    /** Fingerprints anywhere outside {@code unmapped}: MD5, SHA-1, SHA-256 and SHA-512 values are hex digests. */
    private static void hashes(JsonNode node, String path, List<String> violations) {
        if (node.isObject()) {
            JsonNode algorithm = node.get("algorithm_id");
            JsonNode value = node.get("value");
            if (path.matches(".*hashes\\[\\d+]") && algorithm != null && value != null
                    && HEX_LENGTHS.containsKey(algorithm.asInt())
                    && !(value.isTextual() && value.textValue().length() == HEX_LENGTHS.get(algorithm.asInt())
                            && HEX.matcher(value.textValue()).matches())) {
                violations.add(path + ".value '" + value.asText() + "' is not a " + HEX_LENGTHS.get(algorithm.asInt())
                        + "-digit hex digest");
            }
            node.fields().forEachRemaining(f -> {
                if (!f.getKey().equals("unmapped")) {
                    hashes(f.getValue(), join(path, f.getKey()), violations);
                }
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                hashes(node.get(i), path + "[" + i + "]", violations);
            }
        }
    }

    private static void observable(JsonNode event, JsonNode observable, String path, List<String> violations) {
        JsonNode value = observable.get("value");
        JsonNode name = observable.get("name");
        if (value == null || name == null || !name.isTextual()) {
            violations.add(path + ": the relay's observables carry a name and a value");
            return;
        }
        JsonNode target = resolve(event, name.textValue());
        if (target == null || !target.asText().equals(value.asText())) {
            violations.add(path + ": name '" + name.textValue() + "' does not lead to its value '" + value.asText()
                    + "' in the event");
        }
    }

    /** {@code evidences[0].device.hostname} → that node, or null. */
    private static JsonNode resolve(JsonNode event, String attributePath) {
        JsonNode node = event;
        for (String step : attributePath.split("\\.")) {
            var matcher = PATH_STEP.matcher(step);
            if (!matcher.matches()) {
                return null;
            }
            node = node.get(matcher.group(1));
            if (node != null && matcher.group(2) != null) {
                node = node.get(Integer.parseInt(matcher.group(2)));
            }
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
