package io.defenderrelay.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One alert picked for a page: either the facts of a generated alert or a hand-made alert's own JSON. */
record StoredAlert(AlertFacts facts, ObjectNode handMade) {

    /** A fresh, caller-owned copy of the alert's JSON. */
    ObjectNode render(AlertGenerator generator) {
        return handMade != null ? handMade.deepCopy() : generator.alert(facts);
    }
}
