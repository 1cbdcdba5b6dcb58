package io.defenderrelay;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Package arrows point one way, down the flow: a package imports only packages listed before it. Shared helpers and
 * configuration at the bottom, then retry policy, auth ← graph ← normalize ← deliver ← deliver.siem; the simulator
 * (a stand-in for Graph and Entra) uses only the bottom two; the application package wires everything.
 */
class PackageLayersTest {
    private static final List<String> LAYERS = List.of("support", "config", "observe", "retry", "auth", "graph", "normalize",
            "deliver", "deliver.siem", "cluster", "simulator", "");
    private static final Map<String, List<String>> ONLY = Map.of("simulator", List.of("support", "config"));
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?io\\.defenderrelay\\.((?:[a-z]+\\.)*)[A-Z]", Pattern.MULTILINE);

    @Test
    void noPackageImportsOneAboveIt() throws IOException {
        Path root = Path.of("src/main/java/io/defenderrelay");
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String from = root.relativize(file.getParent()).toString().replace('/', '.');
                if (!LAYERS.contains(from)) {
                    violations.add(file + " is in package '" + from + "', which has no place in the layers");
                    continue;
                }
                Matcher imports = IMPORT.matcher(Files.readString(file));
                while (imports.find()) {
                    String to = imports.group(1).isEmpty() ? "" : imports.group(1).substring(0, imports.group(1).length() - 1);
                    boolean allowed = to.equals(from) || (ONLY.containsKey(from)
                            ? ONLY.get(from).contains(to) : LAYERS.indexOf(to) < LAYERS.indexOf(from));
                    if (!allowed) {
                        violations.add(file.getFileName() + " (" + from + ") imports " + (to.isEmpty() ? "the application package" : to));
                    }
                }
            }
        }
        assertEquals(List.of(), violations);
    }
}
