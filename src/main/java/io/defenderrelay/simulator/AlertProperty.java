package io.defenderrelay.simulator;

import java.util.List;

/** The enumerated alert properties the store keeps as one byte each and $filter can compare with {@code eq}. */
enum AlertProperty {
    SEVERITY("severity", GraphEnums.SEVERITIES),
    STATUS("status", GraphEnums.STATUSES),
    SERVICE_SOURCE("serviceSource", GraphEnums.SERVICE_SOURCES),
    CLASSIFICATION("classification", GraphEnums.CLASSIFICATIONS),
    DETERMINATION("determination", GraphEnums.DETERMINATIONS);

    /** Code of a null value. */
    static final byte NONE = -1;
    /** Code of a value outside the enumeration (only hand-made alerts have those): compare the JSON text. */
    static final byte CUSTOM = -2;

    private final String graphName;
    private final List<String> members;

    AlertProperty(String graphName, List<String> members) {
        this.graphName = graphName;
        this.members = members;
    }

    String graphName() {
        return graphName;
    }

    List<String> members() {
        return members;
    }

    byte encode(String value) {
        if (value == null) {
            return NONE;
        }
        int index = members.indexOf(value);
        return index < 0 ? CUSTOM : (byte) index;
    }

    /** The member for a code; null for NONE (CUSTOM values live in the alert's own JSON). */
    String decode(byte code) {
        return code < 0 ? null : members.get(code);
    }

    static AlertProperty byGraphName(String name) {
        for (AlertProperty property : values()) {
            if (property.graphName.equals(name)) {
                return property;
            }
        }
        return null;
    }
}
