package io.defenderrelay.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Set;

/** The members of alerts_v2's enumerations (Graph v1.0), in Graph's declaration order. */
public final class GraphEnums {
    public static final String UNKNOWN_FUTURE_VALUE = "unknownFutureValue";

    public static final List<String> SEVERITIES =
            List.of("unknown", "informational", "low", "medium", "high", UNKNOWN_FUTURE_VALUE);
    public static final List<String> STATUSES = List.of("unknown", "new", "inProgress", "resolved", UNKNOWN_FUTURE_VALUE);
    public static final List<String> CLASSIFICATIONS = List.of("unknown", "falsePositive", "truePositive",
            "informationalExpectedActivity", UNKNOWN_FUTURE_VALUE);
    public static final List<String> DETERMINATIONS = List.of("unknown", "apt", "malware", "securityPersonnel",
            "securityTesting", "unwantedSoftware", "other", "multiStagedAttack", "compromisedAccount", "phishing",
            "maliciousUserActivity", "notMalicious", "notEnoughDataToValidate", "confirmedActivity",
            "lineOfBusinessApplication", UNKNOWN_FUTURE_VALUE);
    public static final List<String> SERVICE_SOURCES = List.of("unknown", "microsoftDefenderForEndpoint",
            "microsoftDefenderForIdentity", "microsoftDefenderForCloudApps", "microsoftDefenderForOffice365",
            "microsoft365Defender", "azureAdIdentityProtection", "microsoftAppGovernance", "dataLossPrevention",
            UNKNOWN_FUTURE_VALUE, "microsoftDefenderForCloud", "microsoftSentinel", "microsoftInsiderRiskManagement",
            "microsoftThreatIntelligence");
    public static final List<String> DETECTION_SOURCES = List.of("unknown", "microsoftDefenderForEndpoint", "antivirus",
            "smartScreen", "customTi", "microsoftDefenderForOffice365", "automatedInvestigation",
            "microsoftThreatExperts", "customDetection", "microsoftDefenderForIdentity", "cloudAppSecurity",
            "microsoft365Defender", "azureAdIdentityProtection", "manual", "microsoftDataLossPrevention",
            "appGovernancePolicy", "appGovernanceDetection", UNKNOWN_FUTURE_VALUE, "microsoftDefenderForCloud",
            "microsoftDefenderForIoT", "microsoftDefenderForServers", "microsoftDefenderForStorage",
            "microsoftDefenderForDNS", "microsoftDefenderForDatabases", "microsoftDefenderForContainers",
            "microsoftDefenderForNetwork", "microsoftDefenderForAppService", "microsoftDefenderForKeyVault",
            "microsoftDefenderForResourceManager", "microsoftDefenderForApiManagement");

    /** Members declared after unknownFutureValue: Graph shows them only to clients that send the Prefer header. */
    public static final Set<String> EVOLVABLE_SERVICE_SOURCES = Set.copyOf(afterUnknownFutureValue(SERVICE_SOURCES));
    public static final Set<String> EVOLVABLE_DETECTION_SOURCES = Set.copyOf(afterUnknownFutureValue(DETECTION_SOURCES));

    private GraphEnums() {
    }

    /** Renders members an old client cannot know as unknownFutureValue, as Graph does without the Prefer header. */
    static void hideEvolvableMembers(ObjectNode alert) {
        if (EVOLVABLE_SERVICE_SOURCES.contains(alert.path("serviceSource").asText())) {
            alert.put("serviceSource", UNKNOWN_FUTURE_VALUE);
        }
        if (EVOLVABLE_DETECTION_SOURCES.contains(alert.path("detectionSource").asText())) {
            alert.put("detectionSource", UNKNOWN_FUTURE_VALUE);
        }
    }

    private static List<String> afterUnknownFutureValue(List<String> members) {
        return members.subList(members.indexOf(UNKNOWN_FUTURE_VALUE) + 1, members.size());
    }
}
