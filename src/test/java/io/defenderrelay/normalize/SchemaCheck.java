package io.defenderrelay.normalize;

import io.defenderrelay.normalize.CompiledSchema.AttributeRule;
import io.defenderrelay.normalize.CompiledSchema.ObjectRules;
import io.defenderrelay.normalize.CompiledSchema.ScalarType;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Walks one event through the compiled schema's rules: allowed attributes (profile attributes only when declared),
 * types, arrays, enums and their captions, requirements, constraints, deprecations and {@code type_uid}.
 */
final class SchemaCheck {
    /** The generic object ({@code unmapped}, {@code xattributes}): the schema lets it hold anything. */
    private static final String FREE_FORM = "object";
    /** Other: the sibling carries the source's own text, any string. */
    private static final String OTHER = "99";
    private static final int QUOTED = 60;

    private final CompiledSchema schema;
    private final Set<String> declaredProfiles = new TreeSet<>();
    private final List<String> errors = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<String> missingRecommended = new ArrayList<>();

    private SchemaCheck(CompiledSchema schema) {
        this.schema = schema;
    }

    static OcsfReport run(CompiledSchema schema, JsonNode event) {
        SchemaCheck check = new SchemaCheck(schema);
        check.event(event);
        return new OcsfReport(check.errors, check.warnings, check.missingRecommended);
    }

    private void event(JsonNode event) {
        if (!event.isObject()) {
            errors.add("the event is not a JSON object but " + kind(event));
            return;
        }
        profiles(event.path("metadata").path("profiles"));
        object(event, schema.eventClass(), "");
        typeUid(event);
        JsonNode version = event.path("metadata").path("version");
        if (version.isTextual() && !version.textValue().equals(schema.version())) {
            errors.add("metadata.version is '" + version.textValue() + "' but the event is checked against OCSF "
                    + schema.version());
        }
    }

    private void profiles(JsonNode profiles) {
        for (JsonNode profile : profiles) {
            if (profile.isTextual() && !schema.profiles().contains(profile.textValue())) {
                errors.add("metadata.profiles names '" + profile.textValue() + "', which is not a profile of "
                        + schema.eventClass().name() + " (" + schema.profiles() + ")");
            } else if (profile.isTextual()) {
                declaredProfiles.add(profile.textValue());
            }
        }
    }

    private void object(JsonNode node, ObjectRules rules, String path) {
        node.fields().forEachRemaining(field -> {
            String at = join(path, field.getKey());
            AttributeRule rule = rules.attributes().get(field.getKey());
            if (rule == null) {
                errors.add(at + ": " + rules.name() + " has no attribute '" + field.getKey() + "'");
            } else if (!rule.appliesWith(declaredProfiles)) {
                errors.add(at + ": belongs to the profile " + String.join(" or ", rule.profiles())
                        + ", which metadata.profiles does not declare");
            } else {
                if (rule.deprecation() != null) {
                    warnings.add(at + " is " + rule.deprecation());
                }
                attribute(field.getValue(), rule, at);
            }
        });
        for (AttributeRule rule : rules.attributes().values()) {
            if (node.has(rule.name()) || !rule.appliesWith(declaredProfiles)) {
                continue;
            }
            if (rule.requirement().equals("required")) {
                errors.add(join(path, rule.name()) + ": required by " + rules.name() + " but missing");
            } else if (rule.requirement().equals("recommended") && rule.deprecation() == null
                    && !alternativeIsPresent(rules, node, rule.name())) {
                missingRecommended.add(join(path, rule.name()).replaceAll("\\[\\d+]", "[]"));
            }
        }
        constraints(node, rules, path);
        siblings(node, rules, path);
    }

    /** A recommended attribute in a satisfied {@code at_least_one} group is an alternative, not a gap. */
    private static boolean alternativeIsPresent(ObjectRules rules, JsonNode node, String name) {
        return rules.constraints().values().stream()
                .anyMatch(group -> group.contains(name) && group.stream().anyMatch(node::has));
    }

    private void constraints(JsonNode node, ObjectRules rules, String path) {
        String where = path.isEmpty() ? rules.name() : path;
        for (Map.Entry<String, List<String>> constraint : rules.constraints().entrySet()) {
            long present = constraint.getValue().stream().filter(name -> node.hasNonNull(name)).count();
            switch (constraint.getKey()) {
                case "at_least_one" -> {
                    if (present == 0) {
                        errors.add(where + ": needs at least one of " + constraint.getValue());
                    }
                }
                case "just_one" -> {
                    if (present != 1) {
                        errors.add(where + ": needs exactly one of " + constraint.getValue() + ", has " + present);
                    }
                }
                default -> errors.add(where + ": constraint '" + constraint.getKey() + "' is unknown to this check");
            }
        }
    }

    /** An enum id's sibling carries that id's caption; Other (99) carries the source's own text. */
    private void siblings(JsonNode node, ObjectRules rules, String path) {
        for (AttributeRule rule : rules.attributes().values()) {
            JsonNode id = node.get(rule.name());
            JsonNode caption = rule.sibling() == null ? null : node.get(rule.sibling());
            if (id == null || caption == null || !id.isIntegralNumber() || rule.enumCaptions().isEmpty()) {
                continue;
            }
            String expected = rule.enumCaptions().get(id.asText());
            if (expected != null && !id.asText().equals(OTHER) && !expected.equals(caption.asText())) {
                errors.add(join(path, rule.sibling()) + " is " + quote(caption) + " but " + rule.name() + " "
                        + id.asText() + " is captioned '" + expected + "'");
            }
        }
    }

    private void attribute(JsonNode value, AttributeRule rule, String path) {
        if (rule.isArray() && !value.isArray()) {
            errors.add(path + ": expected an array of " + typeName(rule) + ", got " + kind(value));
        } else if (rule.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                value(value.get(i), rule, path + "[" + i + "]");
            }
        } else if (value.isArray()) {
            errors.add(path + ": expected one " + typeName(rule) + ", got an array");
        } else {
            value(value, rule, path);
        }
    }

    private void value(JsonNode value, AttributeRule rule, String path) {
        if (value.isNull()) {
            errors.add(path + ": null where " + typeName(rule) + " is expected (leave an absent value out)");
        } else if (rule.objectType() != null) {
            if (!value.isObject()) {
                errors.add(path + ": expected a " + rule.objectType() + " object, got " + kind(value));
            } else if (!rule.objectType().equals(FREE_FORM)) {
                object(value, schema.object(rule.objectType()), path);
            }
        } else {
            ScalarType type = schema.type(rule.type());
            if (type == null) {
                errors.add(path + ": type " + rule.type() + " is not in the schema's dictionary");
            } else if (scalar(value, type, path)) {
                enumId(value, rule, path);
            }
        }
    }

    /** @return whether the value is of the type's JSON kind (further checks only make sense then) */
    private boolean scalar(JsonNode value, ScalarType type, String path) {
        boolean kind = switch (type.base()) {
            case "string_t" -> value.isTextual();
            case "integer_t" -> value.isIntegralNumber() && value.canConvertToInt();
            case "long_t" -> value.isIntegralNumber() && value.canConvertToLong();
            case "float_t" -> value.isNumber();
            case "boolean_t" -> value.isBoolean();
            case "json_t" -> true;
            default -> false;
        };
        if (!kind) {
            String base = type.base().equals(type.name()) ? "" : " (" + type.base() + ")";
            errors.add(path + ": expected " + type.name() + base + ", got " + kind(value) + " " + quote(value));
            return false;
        }
        if (value.isTextual()) {
            for (Pattern regex : type.regexes()) {
                if (!regex.matcher(value.textValue()).find()) {
                    errors.add(path + ": " + quote(value) + " does not match the " + type.name() + " regex");
                }
            }
            if (type.maxLength() != null && value.textValue().length() > type.maxLength()) {
                errors.add(path + ": " + quote(value) + " is longer than " + type.name() + "'s max_len "
                        + type.maxLength());
            }
        }
        if (!type.range().isEmpty() && value.isNumber()
                && (value.doubleValue() < type.range().get(0) || value.doubleValue() > type.range().get(1))) {
            errors.add(path + ": " + value + " is outside " + type.name() + "'s range " + type.range());
        }
        if (!type.values().isEmpty() && !type.values().contains(value)) {
            errors.add(path + ": " + value + " is not one of " + type.name() + "'s values " + type.values());
        }
        return true;
    }

    private void enumId(JsonNode value, AttributeRule rule, String path) {
        String id = value.isTextual() ? value.textValue() : value.asText();
        if (!rule.enumCaptions().isEmpty() && !rule.enumCaptions().containsKey(id)) {
            errors.add(path + ": " + id + " is not a value of its enum " + rule.enumCaptions().keySet());
        }
    }

    /** type_uid = class_uid × 100 + activity_id (the dictionary's definition of type_uid). */
    private void typeUid(JsonNode event) {
        JsonNode classUid = event.get("class_uid");
        JsonNode activity = event.get("activity_id");
        JsonNode typeUid = event.get("type_uid");
        if (classUid != null && activity != null && typeUid != null && classUid.isIntegralNumber()
                && activity.isIntegralNumber() && typeUid.isIntegralNumber()
                && typeUid.longValue() != classUid.longValue() * 100 + activity.longValue()) {
            errors.add("type_uid " + typeUid + " is not class_uid × 100 + activity_id = "
                    + (classUid.longValue() * 100 + activity.longValue()));
        }
        if (classUid != null && classUid.isIntegralNumber() && classUid.intValue() != schema.classUid()) {
            errors.add("class_uid " + classUid + " is not the schema's class " + schema.classUid());
        }
    }

    private static String typeName(AttributeRule rule) {
        return rule.objectType() != null ? rule.objectType() + " object" : rule.type();
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static String kind(JsonNode value) {
        return value.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static String quote(JsonNode value) {
        String text = value.isTextual() ? value.textValue() : value.toString();
        return "'" + (text.length() > QUOTED ? text.substring(0, QUOTED) + "…" : text) + "'";
    }
}
