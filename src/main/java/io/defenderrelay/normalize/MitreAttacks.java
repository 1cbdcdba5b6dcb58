package io.defenderrelay.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Graph {@code category} (a MITRE ATT&CK tactic name such as {@code InitialAccess}) and {@code mitreTechniques}
 * → OCSF {@code finding_info.attacks[]}: {@code T1059} is a technique, {@code T1059.001} a sub-technique whose
 * technique is the prefix. Categories that are not tactics and ids of another shape are returned as leftovers.
 */
final class MitreAttacks {
    /** {@code T1059}; a sub-technique adds {@code .001}. */
    private static final int TECHNIQUE_LENGTH = 5;
    /** ATT&CK Enterprise tactics, under Graph's spelling and under a lower-cased key for other spellings. */
    private static final Map<String, Tactic> TACTICS = index(List.of(
            new Tactic("TA0043", "Reconnaissance", "Reconnaissance"),
            new Tactic("TA0042", "ResourceDevelopment", "Resource Development"),
            new Tactic("TA0001", "InitialAccess", "Initial Access"),
            new Tactic("TA0002", "Execution", "Execution"),
            new Tactic("TA0003", "Persistence", "Persistence"),
            new Tactic("TA0004", "PrivilegeEscalation", "Privilege Escalation"),
            new Tactic("TA0005", "DefenseEvasion", "Defense Evasion"),
            new Tactic("TA0006", "CredentialAccess", "Credential Access"),
            new Tactic("TA0007", "Discovery", "Discovery"),
            new Tactic("TA0008", "LateralMovement", "Lateral Movement"),
            new Tactic("TA0009", "Collection", "Collection"),
            new Tactic("TA0011", "CommandAndControl", "Command and Control"),
            new Tactic("TA0010", "Exfiltration", "Exfiltration"),
            new Tactic("TA0040", "Impact", "Impact")));

    private record Tactic(String uid, String graphName, String name) {
    }

    /** The attacks, plus what could not be placed in them (kept in {@code unmapped} by the caller). */
    record Attacks(ArrayNode attacks, boolean categoryIsTactic, ArrayNode otherTechniques) {
    }

    private MitreAttacks() {
    }

    private static Map<String, Tactic> index(List<Tactic> tactics) {
        Map<String, Tactic> index = new HashMap<>();
        tactics.forEach(tactic -> {
            index.put(tactic.graphName(), tactic);
            index.put(key(tactic.graphName()), tactic);
        });
        return Map.copyOf(index);
    }

    private static String key(String name) {
        return name.replace(" ", "").replace("_", "").toLowerCase(Locale.ROOT);
    }

    static Attacks of(String category, JsonNode techniques) {
        Tactic tactic = category == null ? null : TACTICS.get(category);
        if (tactic == null && category != null) {
            tactic = TACTICS.get(key(category));
        }
        ArrayNode attacks = Nodes.newArray();
        ArrayNode others = Nodes.newArray();
        Iterable<JsonNode> ids = techniques == null || techniques.isArray()
                ? Nodes.items(techniques) : List.of(techniques);
        for (JsonNode technique : ids) {
            String id = technique.isTextual() ? technique.textValue().trim() : "";
            if (isSubTechnique(id)) {
                ObjectNode attack = attack(attacks, tactic);
                attack.putObject("technique").put("uid", id.substring(0, TECHNIQUE_LENGTH));
                attack.putObject("sub_technique").put("uid", id);
            } else if (isTechnique(id)) {
                attack(attacks, tactic).putObject("technique").put("uid", id);
            } else {
                Nodes.addUnlessEmpty(others, technique);
            }
        }
        if (attacks.isEmpty() && tactic != null) {
            attack(attacks, tactic);
        }
        return new Attacks(attacks, tactic != null, others);
    }

    private static boolean isTechnique(String id) {
        return id.length() == TECHNIQUE_LENGTH && id.charAt(0) == 'T' && digits(id, 1, TECHNIQUE_LENGTH);
    }

    private static boolean isSubTechnique(String id) {
        return id.length() == TECHNIQUE_LENGTH + 4 && isTechnique(id.substring(0, TECHNIQUE_LENGTH))
                && id.charAt(TECHNIQUE_LENGTH) == '.' && digits(id, TECHNIQUE_LENGTH + 1, id.length());
    }

    private static boolean digits(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static ObjectNode attack(ArrayNode attacks, Tactic tactic) {
        ObjectNode attack = attacks.addObject();
        if (tactic != null) {
            attack.putObject("tactic").put("uid", tactic.uid()).put("name", tactic.name());
        }
        return attack;
    }
}
