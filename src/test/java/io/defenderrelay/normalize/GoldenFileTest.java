package io.defenderrelay.normalize;

import io.defenderrelay.support.Json;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every sample alert normalizes to its expected OCSF document in src/test/resources/golden, compared field by
 * field. After an intended mapping change, rewrite them with {@code -Dgolden.update=true} and review the diff.
 */
class GoldenFileTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final String TENANT = "contoso";

    static List<Samples.Sample> samples() {
        return Samples.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void normalizesSampleToGoldenEvent(Samples.Sample sample) throws Exception {
        JsonNode actual = Samples.normalizer(false).normalize(sample.alert(), TENANT);
        Path golden = GOLDEN.resolve(sample.name() + ".json");
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN);
            Json.mapper().writerWithDefaultPrettyPrinter().writeValue(golden.toFile(), actual);
        }
        assertTrue(Files.exists(golden), "no golden file " + golden + ": create it with -Dgolden.update=true");
        List<String> differences = JsonDiff.differences(Json.mapper().readTree(golden.toFile()), actual);
        if (!differences.isEmpty()) {
            fail(differences.size() + " field(s) differ from " + golden + ":\n  " + String.join("\n  ", differences));
        }
    }
}
