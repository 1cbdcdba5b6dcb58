package io.defenderrelay.config;

import java.util.ArrayList;
import java.util.List;

/** Configuration problems collected so far: startup refuses them all at once instead of one per attempt. */
public final class Problems {
    private final List<String> found = new ArrayList<>();

    public void add(String problem) {
        found.add(problem);
    }

    public List<String> list() {
        return List.copyOf(found);
    }

    public void refuseIfAny() {
        if (!found.isEmpty()) {
            throw new ConfigurationException(found);
        }
    }
}
