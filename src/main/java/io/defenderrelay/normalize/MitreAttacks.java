package io.defenderrelay.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Graph {@code category} and {@code categories[]} (MITRE ATT&CK tactic names such as {@code InitialAccess}) and
 * {@code mitreTechniques} → OCSF {@code finding_info.attacks[]}: {@code T1059} is a technique, {@code T1059.001} a
 * sub-technique whose technique is the prefix. With one tactic each technique's attack carries it; with several,
 * Graph does not say which technique serves which, so each tactic gets an attack of its own. Categories that are
 * not tactics and ids of another shape are returned as leftovers.
 */
final class MitreAttacks {
    /** {@code T1059}; a sub-technique adds {@code .001}. */
    private static final int TECHNIQUE_LENGTH = 5;
    /**
     * ATT&CK Enterprise tactics: id and OCSF name. Graph spells the name as one capitalised word ("CommandAndControl");
     * the index holds that spelling and a lower-cased key for other spellings.
     */
    private static final Map<String, Tactic> TACTICS = index("""
            TA0043 Reconnaissance
            TA0042 Resource Development
            TA0001 Initial Access
            TA0002 Execution
            TA0003 Persistence
            TA0004 Privilege Escalation
            TA0005 Defense Evasion
            TA0006 Credential Access
            TA0007 Discovery
            TA0008 Lateral Movement
            TA0009 Collection
            TA0011 Command and Control
            TA0010 Exfiltration
            TA0040 Impact
            """);

    private record Tactic(String uid, String name) {

        String graphName() {
            StringBuilder joined = new StringBuilder(name.length());
            for (String word : name.split(" ")) {
                joined.append(Character.toUpperCase(word.charAt(0))).append(word, 1, word.length());
            }
            return joined.toString();
        }
    }

    /** The attacks, plus what could not be placed in them (kept in {@code unmapped} by the caller). */
    record Attacks(ArrayNode attacks, List<String> otherCategories, ArrayNode otherTechniques) {

        boolean categoryIsTactic(String category) {
            return category != null && !otherCategories.contains(category);
        }
    }

    private MitreAttacks() {
    }

    /** One tactic a line: its id, a space, its name. */
    private static Map<String, Tactic> index(String table) {
        Map<String, Tactic> index = new HashMap<>();
        table.lines().forEach(line -> {
            int space = line.indexOf(' ');
            Tactic tactic = new Tactic(line.substring(0, space), line.substring(space + 1));
            index.put(tactic.graphName(), tactic);
            index.put(key(tactic.graphName()), tactic);
        });
        return Map.copyOf(index);
    }

    private static String key(String name) {
        return name.replace(" ", "").replace("_", "").toLowerCase(Locale.ROOT);
    }

    static Attacks of(String category, JsonNode techniques) {
        return of(category == null ? List.of() : List.of(category), techniques);
    }

    static Attacks of(List<String> categories, JsonNode techniques) {
        Set<Tactic> tactics = new LinkedHashSet<>();
        List<String> otherCategories = new ArrayList<>();
        for (String category : categories) {
            Tactic tactic = TACTICS.getOrDefault(category, TACTICS.get(key(category)));
            if (tactic == null) {
                otherCategories.add(category);
            } else {
                tactics.add(tactic);
            }
        }
        Tactic shared = tactics.size() == 1 ? tactics.iterator().next() : null;
        ArrayNode attacks = Nodes.newArray();
        ArrayNode others = Nodes.newArray();
        Iterable<JsonNode> ids = techniques == null || techniques.isArray()
                ? Nodes.items(techniques) : List.of(techniques);
        for (JsonNode technique : ids) {
            String id = technique.isTextual() ? technique.textValue().trim() : "";
            if (isSubTechnique(id)) {
                ObjectNode attack = attack(attacks, shared);
                attack.putObject("technique").put("uid", id.substring(0, TECHNIQUE_LENGTH));
                attack.putObject("sub_technique").put("uid", id);
            } else if (isTechnique(id)) {
                attack(attacks, shared).putObject("technique").put("uid", id);
            } else {
                Nodes.addUnlessEmpty(others, technique);
            }
        }
        for (Tactic tactic : tactics) {
            if (tactic != shared || attacks.isEmpty()) {
                attack(attacks, tactic);
            }
        }
        return new Attacks(attacks, List.copyOf(otherCategories), others);
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
