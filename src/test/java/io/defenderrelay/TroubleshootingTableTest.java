package io.defenderrelay;

import io.defenderrelay.support.Trouble;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The README's troubleshooting table is the catalogue the diagnoses are worded with ({@link Troubleshooting}),
 * rendered: it fails, printing the table to paste, when README.md says something else. With
 * {@code -Dtroubleshooting.rewrite=true} it rewrites the table in README.md instead.
 */
class TroubleshootingTableTest {
    static final String BEGIN = "<!-- troubleshooting table: generated from the diagnosis catalogue (Troubleshooting,"
            + " TroubleshootingTableTest rewrites it); edit the catalogue, not this table -->\n";
    static final String END = "<!-- end of the generated troubleshooting table -->";
    private static final Path README = Path.of("README.md");

    @Test
    void theReadmeTableIsTheCatalogue() throws IOException {
        String readme = Files.readString(README);
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        assertTrue(begin >= 0 && end > begin, "README.md has no markers around its troubleshooting table:\n" + BEGIN + END);
        String table = Troubleshooting.table();
        String written = readme.substring(begin + BEGIN.length(), end);
        if (written.equals(table)) {
            return;
        }
        if (Boolean.getBoolean("troubleshooting.rewrite")) {
            Files.writeString(README, readme.substring(0, begin + BEGIN.length()) + table + readme.substring(end));
            return;
        }
        fail("README.md's troubleshooting table is not what the catalogue renders; rewrite it with `mvn -B -o -q test"
                + " -Dtest=TroubleshootingTableTest -Dtroubleshooting.rewrite=true`, or paste:\n" + table);
    }

    /** A diagnosis fills every placeholder of its entry; one it has no value for is a programming error. */
    @Test
    void aCauseIsFilledWithTheDiagnosisValuesAndShownWithPlaceholdersInTheTable() {
        Trouble trouble = new Trouble("`x` in a WARN", "tenant {tenant} lacks {what}", "add {what} | twice");
        assertEquals("tenant contoso lacks a role: add a role | twice",
                trouble.said(Map.of("tenant", "contoso", "what", "a role")));
        assertEquals("| `x` in a WARN | tenant `<tenant>` lacks `<what>` | add `<what>` \\| twice |", trouble.row());
        assertThrows(() -> trouble.said(Map.of("tenant", "contoso")));
    }

    /** Each entry is reachable from the catalogue once. */
    @Test
    void everyEntryIsInTheCatalogueOnce() {
        List<Trouble> all = Troubleshooting.catalogue();
        assertEquals(all.size(), all.stream().distinct().count(), all.toString());
    }

    private static void assertThrows(Runnable call) {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, call::run);
    }
}
