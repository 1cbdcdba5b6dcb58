package io.defenderrelay.simulator;

import java.util.List;

/**
 * What alerts from one serviceSource look like: how common they are, their id prefix, product and detection
 * sources, typical detections and which evidence they carry (core always, optional about half the time, and one
 * of the rare kinds on about one alert in three).
 */
record ProviderProfile(String serviceSource, String idPrefix, String productName, int weight,
                       List<String> detectionSources, List<Scenario> scenarios, List<EvidenceType> coreEvidence,
                       List<EvidenceType> optionalEvidence, List<EvidenceType> rareEvidence) {

    ProviderProfile {
        detectionSources = List.copyOf(detectionSources);
        scenarios = List.copyOf(scenarios);
        coreEvidence = List.copyOf(coreEvidence);
        optionalEvidence = List.copyOf(optionalEvidence);
        rareEvidence = List.copyOf(rareEvidence);
    }

    /** One kind of detection: what the analyst reads and the MITRE ATT&CK tactic and techniques behind it. */
    record Scenario(String title, String description, String category, List<String> techniques, String detectorId,
                    String threatFamily) {

        Scenario {
            techniques = List.copyOf(techniques);
        }
    }
}
