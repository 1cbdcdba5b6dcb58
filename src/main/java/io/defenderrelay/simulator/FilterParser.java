package io.defenderrelay.simulator;

import io.defenderrelay.support.GraphTime;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses the $filter subset alerts_v2 supports: {@code lastUpdateDateTime}/{@code createdDateTime} with
 * ge/gt/le/lt and a DateTimeOffset literal, {@code eq} on the enum properties with a quoted member (or null),
 * clauses joined by {@code and}, parentheses allowed.
 */
final class FilterParser {
    private static final Set<String> TIME_OPERATORS = Set.of("ge", "gt", "le", "lt");

    private List<String> tokens;
    private int position;
    private long updatedFrom;
    private long updatedTo;
    private long createdFrom;
    private long createdTo;
    private Map<AlertProperty, Byte> equals;
    private boolean contradictory;

    /** Not thread-safe: one parser per request. */
    AlertFilter parse(String filter) throws InvalidQuery {
        tokens = tokenize(filter);
        position = 0;
        updatedFrom = Long.MIN_VALUE;
        updatedTo = Long.MAX_VALUE;
        createdFrom = Long.MIN_VALUE;
        createdTo = Long.MAX_VALUE;
        equals = new EnumMap<>(AlertProperty.class);
        contradictory = false;
        if (tokens.isEmpty()) {
            throw new InvalidQuery("Invalid filter clause: the $filter expression is empty.");
        }
        conjunction();
        if (position < tokens.size()) {
            throw unexpected();
        }
        return new AlertFilter(updatedFrom, updatedTo, createdFrom, createdTo, equals, contradictory);
    }

    private void conjunction() throws InvalidQuery {
        term();
        while (position < tokens.size() && "and".equals(tokens.get(position))) {
            position++;
            term();
        }
    }

    private void term() throws InvalidQuery {
        if ("(".equals(peek())) {
            position++;
            conjunction();
            expect(")");
        } else {
            comparison();
        }
    }

    private void comparison() throws InvalidQuery {
        String property = next("a property name");
        String operator = next("an operator");
        String value = next("a value");
        switch (property) {
            case "lastUpdateDateTime", "createdDateTime" -> timeComparison(property, operator, value);
            default -> enumComparison(property, operator, value);
        }
        if (position < tokens.size() && "or".equals(tokens.get(position))) {
            throw new InvalidQuery("Invalid filter clause: operator 'or' is not supported on alerts_v2 by the "
                    + "simulator; join clauses with 'and' or issue separate queries.");
        }
    }

    private void timeComparison(String property, String operator, String value) throws InvalidQuery {
        if (!TIME_OPERATORS.contains(operator)) {
            throw new InvalidQuery("Invalid filter clause: operator '" + operator + "' is not supported for "
                    + property + "; use ge, gt, le or lt.");
        }
        Long ticks = GraphTime.parseLiteral(value);
        if (ticks == null) {
            throw new InvalidQuery("Invalid filter clause: '" + value + "' is not a valid DateTimeOffset for "
                    + property + "; write an ISO-8601 instant such as 2026-10-01T00:00:00Z (at most 7 fractional "
                    + "digits, unquoted).");
        }
        long from = switch (operator) {
            case "ge" -> ticks;
            case "gt" -> ticks + 1;
            default -> Long.MIN_VALUE;
        };
        long to = switch (operator) {
            case "le" -> ticks;
            case "lt" -> ticks - 1;
            default -> Long.MAX_VALUE;
        };
        if (property.equals("lastUpdateDateTime")) {
            updatedFrom = Math.max(updatedFrom, from);
            updatedTo = Math.min(updatedTo, to);
        } else {
            createdFrom = Math.max(createdFrom, from);
            createdTo = Math.min(createdTo, to);
        }
    }

    private void enumComparison(String name, String operator, String value) throws InvalidQuery {
        AlertProperty property = AlertProperty.byGraphName(name);
        if (property == null) {
            throw new InvalidQuery("Invalid filter clause: could not find a property named '" + name + "' that "
                    + "supports filtering on alerts_v2. Filterable here: lastUpdateDateTime, createdDateTime, severity, "
                    + "status, serviceSource, classification, determination.");
        }
        if (!"eq".equals(operator)) {
            throw new InvalidQuery("Invalid filter clause: operator '" + operator + "' is not supported for " + name
                    + "; compare enumerations with eq.");
        }
        byte code;
        if ("null".equals(value)) {
            code = AlertProperty.NONE;
        } else if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
            String member = value.substring(1, value.length() - 1).replace("''", "'");
            code = property.encode(member);
            if (code == AlertProperty.CUSTOM) {
                throw new InvalidQuery("The string '" + member + "' is not a valid enumerated type constant for "
                        + name + ". Valid values: " + String.join(", ", property.members()) + ".");
            }
        } else {
            throw new InvalidQuery("Invalid filter clause: the value of " + name + " must be a quoted string such as "
                    + "'high', got " + value + ".");
        }
        Byte previous = equals.put(property, code);
        if (previous != null && previous != code) {
            contradictory = true;
        }
    }

    private String peek() {
        return position < tokens.size() ? tokens.get(position) : null;
    }

    private String next(String what) throws InvalidQuery {
        String token = peek();
        if (token == null || "(".equals(token) || ")".equals(token)) {
            throw new InvalidQuery("Invalid filter clause: expected " + what + (token == null ? " at the end of the "
                    + "expression." : " but found '" + token + "'."));
        }
        position++;
        return token;
    }

    private void expect(String token) throws InvalidQuery {
        if (!token.equals(peek())) {
            throw new InvalidQuery("Invalid filter clause: expected '" + token + "'"
                    + (peek() == null ? " at the end of the expression." : " but found '" + peek() + "'."));
        }
        position++;
    }

    private InvalidQuery unexpected() {
        return new InvalidQuery("Invalid filter clause: unexpected '" + tokens.get(position) + "'; clauses must be "
                + "'property operator value' joined by 'and'.");
    }

    private static List<String> tokenize(String text) throws InvalidQuery {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')') {
                tokens.add(String.valueOf(c));
                i++;
            } else if (c == '\'') {
                int end = i + 1;
                while (true) {
                    if (end >= text.length()) {
                        throw new InvalidQuery("Invalid filter clause: unterminated string literal starting at " + i + ".");
                    }
                    if (text.charAt(end) == '\'') {
                        if (end + 1 < text.length() && text.charAt(end + 1) == '\'') {
                            end += 2;
                            continue;
                        }
                        break;
                    }
                    end++;
                }
                tokens.add(text.substring(i, end + 1));
                i = end + 1;
            } else {
                int end = i;
                while (end < text.length() && !Character.isWhitespace(text.charAt(end)) && text.charAt(end) != '('
                        && text.charAt(end) != ')') {
                    end++;
                }
                tokens.add(text.substring(i, end));
                i = end;
            }
        }
        return tokens;
    }
}
