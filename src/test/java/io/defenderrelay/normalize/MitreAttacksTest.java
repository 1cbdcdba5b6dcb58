package io.defenderrelay.normalize;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MitreAttacksTest {

    @ParameterizedTest
    @CsvSource({"Reconnaissance, TA0043, Reconnaissance", "ResourceDevelopment, TA0042, Resource Development",
            "InitialAccess, TA0001, Initial Access", "Execution, TA0002, Execution",
            "Persistence, TA0003, Persistence", "PrivilegeEscalation, TA0004, Privilege Escalation",
            "DefenseEvasion, TA0005, Defense Evasion", "CredentialAccess, TA0006, Credential Access",
            "Discovery, TA0007, Discovery", "LateralMovement, TA0008, Lateral Movement",
            "Collection, TA0009, Collection", "CommandAndControl, TA0011, Command and Control",
            "Exfiltration, TA0010, Exfiltration", "Impact, TA0040, Impact"})
    void mapsEveryGraphTacticCategoryUnderAnySpelling(String category, String uid, String name) {
        for (String spelling : new String[] {category, category.toLowerCase(Locale.ROOT), name,
                name.toUpperCase(Locale.ROOT).replace(' ', '_')}) {
            MitreAttacks.Attacks attacks = MitreAttacks.of(spelling, null);
            assertTrue(attacks.categoryIsTactic(spelling), spelling);
            assertEquals(uid, attacks.attacks().get(0).at("/tactic/uid").textValue(), spelling);
            assertEquals(name, attacks.attacks().get(0).at("/tactic/name").textValue(), spelling);
        }
    }
}
