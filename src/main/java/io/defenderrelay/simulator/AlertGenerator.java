package io.defenderrelay.simulator;

import io.defenderrelay.support.GraphTime;
import io.defenderrelay.support.Json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/**
 * Realistic Graph v1.0 alerts_v2 alerts, deterministic from a seed: every serviceSource, severity, status,
 * classification, determination and detectionSource, MITRE tactics and (sub-)techniques, comments, system tags,
 * portal links and evidence of all 48 types Graph v1.0 documents (the common ones on most alerts, the others rarely).
 * <p>
 * Two ways in: {@link #alert()} walks a seeded sequence (the first ten alerts cover every serviceSource), and
 * {@link #alert(AlertFacts)} renders a stored alert from its compact facts, identically every time.
 * Not thread-safe for {@link #alert()}; {@link #alert(AlertFacts)} and {@link #facts} are.
 */
public final class AlertGenerator {
    /** The tenant id rendered when none is given: a documentation-style GUID. */
    public static final String SAMPLE_TENANT_ID = "11111111-2222-4333-8444-555555555555";
    private static final Instant SEQUENCE_START = Instant.parse("2026-10-01T00:00:00Z");
    private static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}");
    private static final List<String> ANALYSTS = List.of("soc-tier1@contoso.example", "a.tanaka@contoso.example",
            "s.okafor@contoso.example", "Automation");
    /** What Graph writes in assignedTo when a suppression rule resolved the alert. */
    static final String SUPPRESSION_RULE = "Suppression rule";
    private static final List<String> SYSTEM_TAGS = List.of("Defender Experts", "Credential Phish", "AiTM",
            "Human-operated ransomware", "Test alert");
    /** Keeps the rendering's random choices independent of the draws in {@link #facts}. */
    private static final long RENDER_SALT = 0x5DEECE66DL;
    private static final int TOTAL_WEIGHT = ProviderCatalog.PROFILES.stream().mapToInt(ProviderProfile::weight).sum();

    private final String tenantId;
    private final SplittableRandom sequence;
    private int sequenceNumber;

    public AlertGenerator(long seed) {
        this(SAMPLE_TENANT_ID, seed);
    }

    /** @param tenantId rendered as the alerts' tenantId (a GUID is derived when it is a name, not a GUID) */
    public AlertGenerator(String tenantId, long seed) {
        this.tenantId = GUID.matcher(tenantId).matches() ? tenantId : Scene.stableUuid("tenant-" + tenantId);
        this.sequence = new SplittableRandom(seed);
    }

    /** The next alert of this generator's sequence; serviceSources take turns so any ten in a row cover them all. */
    public ObjectNode alert() {
        long seed = sequence.nextLong();
        ProviderProfile profile = ProviderCatalog.PROFILES.get(sequenceNumber % ProviderCatalog.PROFILES.size());
        Instant lastUpdate = SEQUENCE_START.plusSeconds(sequenceNumber * 97L).plusNanos(sequence.nextInt(10_000_000) * 100L);
        sequenceNumber++;
        AlertFacts drawn = facts(seed, lastUpdate.minusSeconds(sequence.nextInt(7200)), lastUpdate);
        AlertFacts facts = new AlertFacts(idFor(profile.serviceSource(), seed), seed, drawn.createdDateTime(),
                drawn.lastUpdateDateTime(), drawn.severity(), drawn.status(), profile.serviceSource(),
                drawn.classification(), drawn.determination(), drawn.version());
        return alert(facts);
    }

    /** Draws an alert's enumerated facts from its own seed (serviceSource by weight, severity, status, verdict). */
    public AlertFacts facts(long seed, Instant created, Instant lastUpdate) {
        SplittableRandom random = new SplittableRandom(seed);
        String serviceSource = weightedProfile(random).serviceSource();
        String severity = weighted(random, GraphEnums.SEVERITIES, 3, 15, 30, 32, 20, 0);
        String status = weighted(random, GraphEnums.STATUSES, 2, 50, 20, 28, 0);
        String[] verdict = verdict(random, status);
        return new AlertFacts(idFor(serviceSource, seed), seed, created, lastUpdate, severity, status, serviceSource,
                verdict[0], verdict[1], 1);
    }

    /** The alert's next version: a later lastUpdateDateTime, the new status (or the next one in the life cycle). */
    public AlertFacts nextVersion(AlertFacts facts, Instant lastUpdate, String newStatus) {
        int version = facts.version() + 1;
        SplittableRandom random = new SplittableRandom(facts.seed() ^ (version * 0x9E3779B97F4A7C15L));
        String status = newStatus != null ? newStatus : switch (facts.status()) {
            case "new" -> "inProgress";
            default -> "resolved";
        };
        String classification = facts.classification();
        String determination = facts.determination();
        if ("resolved".equals(status) && classification == null) {
            String[] verdict = verdict(random, status);
            classification = verdict[0];
            determination = verdict[1];
        }
        return new AlertFacts(facts.id(), facts.seed(), facts.createdDateTime(), lastUpdate, facts.severity(), status,
                facts.serviceSource(), classification, determination, version);
    }

    /** Renders the full alert for these facts; the same facts always give the same JSON. */
    public ObjectNode alert(AlertFacts facts) {
        SplittableRandom random = new SplittableRandom(facts.seed() ^ RENDER_SALT);
        ProviderProfile profile = ProviderCatalog.profile(facts.serviceSource());
        ProviderProfile.Scenario scenario = Scene.pick(random, profile.scenarios());
        long created = GraphTime.ticks(facts.createdDateTime());
        Scene scene = Scene.draw(random, created);
        String incidentId = String.valueOf(80_000 + random.nextInt(60_000));

        ObjectNode alert = Json.mapper().createObjectNode();
        alert.put("@odata.type", "#microsoft.graph.security.alert")
                .put("id", facts.id())
                .put("providerAlertId", facts.id().startsWith("da") ? facts.id() : Scene.randomUuid(random))
                .put("incidentId", incidentId)
                .put("status", facts.status())
                .put("severity", facts.severity())
                .put("classification", facts.classification())
                .put("determination", facts.determination())
                .put("serviceSource", facts.serviceSource())
                .put("detectionSource", Scene.pick(random, profile.detectionSources()))
                .put("productName", profile.productName())
                .put("detectorId", scenario.detectorId())
                .put("tenantId", tenantId)
                .put("title", scenario.title())
                .put("description", scenario.description())
                .put("recommendedActions", "A. Validate the alert.\r\nB. Scope the incident.\r\nC. Contain and remediate.")
                .put("category", scenario.category())
                .put("assignedTo", assignedTo(facts))
                .put("alertWebUrl", "https://security.microsoft.com/alerts/" + facts.id() + "?tid=" + tenantId)
                .put("incidentWebUrl", "https://security.microsoft.com/incidents/" + incidentId + "?tid=" + tenantId)
                .put("actorDisplayName", scenario.threatFamily() != null && random.nextInt(4) == 0 ? "Storm-0501" : null)
                .put("threatDisplayName", scenario.threatFamily() == null ? null : "Trojan:Win32/" + scenario.threatFamily())
                .put("threatFamilyName", scenario.threatFamily());
        alert.putArray("categories").add(scenario.category());
        ArrayNode techniques = alert.putArray("mitreTechniques");
        scenario.techniques().forEach(techniques::add);
        alert.put("createdDateTime", GraphTime.format(created))
                .put("lastUpdateDateTime", GraphTime.format(facts.lastUpdateDateTime()))
                .put("resolvedDateTime", "resolved".equals(facts.status())
                        ? GraphTime.format(facts.lastUpdateDateTime()) : null)
                .put("firstActivityDateTime", GraphTime.format(created - 1_200_000_000L - random.nextInt(900_000_000)))
                .put("lastActivityDateTime", GraphTime.format(created - random.nextInt(600_000_000)));
        comments(alert.putArray("comments"), facts);
        ArrayNode tags = alert.putArray("systemTags");
        if (random.nextInt(5) == 0) {
            tags.add(Scene.pick(random, SYSTEM_TAGS));
        }
        alert.put("alertPolicyId", facts.serviceSource().equals("microsoftDefenderForOffice365")
                ? Scene.stableUuid("policy-" + scenario.detectorId()) : null);
        alert.putObject("additionalData");
        evidence(alert.putArray("evidence"), profile, scene, random);
        return alert;
    }

    /** Generated ids look like Graph's: a per-provider prefix and hex, and encode the alert's seed. */
    static String idFor(String serviceSource, long seed) {
        return ProviderCatalog.profile(serviceSource).idPrefix() + Scene.hex16(seed);
    }

    private static void evidence(ArrayNode evidence, ProviderProfile profile, Scene scene, SplittableRandom random) {
        EvidenceFactory factory = new EvidenceFactory(scene, random);
        profile.coreEvidence().forEach(kind -> evidence.add(factory.build(kind)));
        for (EvidenceType kind : profile.optionalEvidence()) {
            if (random.nextBoolean()) {
                evidence.add(factory.build(kind));
            }
        }
        if (random.nextInt(3) == 0) {
            evidence.add(factory.build(Scene.pick(random, profile.rareEvidence())));
        }
    }

    private static void comments(ArrayNode comments, AlertFacts facts) {
        SplittableRandom random = new SplittableRandom(facts.seed() + facts.version());
        long at = GraphTime.ticks(facts.createdDateTime());
        for (int v = 2; v <= Math.min(facts.version(), 4); v++) {
            at += GraphTime.ticks(Duration.ofMinutes(5 + random.nextInt(300)));
            comments.addObject()
                    .put("comment", v == facts.version() && "resolved".equals(facts.status())
                            ? "Closed: " + facts.classification() + " / " + facts.determination()
                            : "Reviewed evidence, update " + (v - 1) + ".")
                    .put("createdByDisplayName", ANALYSTS.get(v % ANALYSTS.size()))
                    .put("createdDateTime", GraphTime.format(Math.min(at, GraphTime.ticks(facts.lastUpdateDateTime()))));
        }
    }

    private static ProviderProfile weightedProfile(SplittableRandom random) {
        int roll = random.nextInt(TOTAL_WEIGHT);
        for (ProviderProfile profile : ProviderCatalog.PROFILES) {
            roll -= profile.weight();
            if (roll < 0) {
                return profile;
            }
        }
        throw new IllegalStateException("provider weights do not add up");
    }

    private static String weighted(SplittableRandom random, List<String> members, int... weights) {
        int roll = random.nextInt(Arrays.stream(weights).sum());
        for (int i = 0; i < weights.length; i++) {
            roll -= weights[i];
            if (roll < 0) {
                return members.get(i);
            }
        }
        throw new IllegalStateException("weights do not add up");
    }

    /** Classification and determination that make sense together; open alerts mostly have none yet. */
    private static String[] verdict(SplittableRandom random, String status) {
        if (!"resolved".equals(status) && random.nextInt(5) != 0) {
            return new String[] {null, null};
        }
        return switch (random.nextInt(6)) {
            case 0, 1 -> new String[] {"truePositive", Scene.pick(random, List.of("apt", "malware", "multiStagedAttack",
                    "compromisedAccount", "phishing", "maliciousUserActivity", "unwantedSoftware", "other"))};
            case 2, 3 -> new String[] {"falsePositive", Scene.pick(random, List.of("notMalicious",
                    "notEnoughDataToValidate", "other"))};
            case 4 -> new String[] {"informationalExpectedActivity", Scene.pick(random, List.of("securityTesting",
                    "lineOfBusinessApplication", "confirmedActivity", "securityPersonnel"))};
            default -> new String[] {null, null}; // 2026: Graph sends null, no longer "unknown"
        };
    }

    /** Open alerts have no one yet; one resolved alert in ten was closed by a suppression rule, as Graph shows it. */
    private static String assignedTo(AlertFacts facts) {
        if ("new".equals(facts.status())) {
            return null;
        }
        return "resolved".equals(facts.status()) && Math.floorMod(facts.seed(), 10) == 0
                ? SUPPRESSION_RULE : ANALYSTS.get(facts.version() % ANALYSTS.size());
    }
}
