package io.defenderrelay.normalize;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The evidence types the relay maps, recognised by {@code @odata.type} or, when that is unknown (anonymized or
 * future types), by the fields that only that type carries. Order matters for field recognition: a process
 * carries a device id and a user account too, so the more specific kinds come first.
 */
enum EvidenceKind {
    PROCESS("processEvidence", "Process", e -> e.has("processId") || e.has("imageFile")),
    FILE("fileEvidence", "File", e -> e.has("fileDetails")),
    REGISTRY_VALUE("registryValueEvidence", "Registry Value",
            e -> e.has("registryKey") && (e.has("registryValueName") || e.has("registryValue"))),
    REGISTRY_KEY("registryKeyEvidence", "Registry Key", e -> e.has("registryKey")),
    ANALYZED_MESSAGE("analyzedMessageEvidence", "Email Message",
            e -> e.has("networkMessageId") || e.has("internetMessageId")),
    MAIL_CLUSTER("mailClusterEvidence", "Email Cluster", e -> e.has("clusterBy")),
    MAILBOX("mailboxEvidence", "Mailbox", e -> e.has("primaryAddress")),
    DEVICE("deviceEvidence", "Device", e -> e.has("mdeDeviceId") || e.has("deviceDnsName")),
    DNS("dnsEvidence", "DNS Query", e -> e.has("domainName") && (e.has("ipAddresses") || e.has("dnsServerIp"))),
    FILE_HASH("fileHashEvidence", "File Hash", e -> e.has("algorithm") && e.path("value").isTextual()),
    NETWORK_CONNECTION("networkConnectionEvidence", "Network Connection",
            e -> e.has("sourceAddress") || e.has("destinationAddress")),
    BLOB("blobEvidence", "Blob", e -> e.has("blobContainer")),
    BLOB_CONTAINER("blobContainerEvidence", "Blob Container", e -> e.has("storageResource") && e.has("url")),
    AMAZON_RESOURCE("amazonResourceEvidence", "Amazon Resource", e -> e.has("amazonResourceId")),
    GOOGLE_CLOUD_RESOURCE("googleCloudResourceEvidence", "Google Cloud Resource", e -> e.has("fullResourceName")),
    URL("urlEvidence", "URL", e -> e.path("url").isTextual()),
    IP("ipEvidence", "IP Address", e -> e.has("ipAddress")),
    SECURITY_GROUP("securityGroupEvidence", "Security Group", e -> e.has("securityGroupId")),
    AZURE_RESOURCE("azureResourceEvidence", "Azure Resource", e -> e.has("resourceId")),
    CLOUD_APPLICATION("cloudApplicationEvidence", "Cloud Application",
            e -> e.has("appId") && (e.has("saasAppId") || e.has("instanceId"))),
    OAUTH_APPLICATION("oauthApplicationEvidence", "OAuth Application", e -> e.has("appId")),
    USER("userEvidence", "User", e -> e.has("userAccount"));

    private static final String GRAPH_NAMESPACE = "#microsoft.graph.";
    private static final String GRAPH_PREFIX = GRAPH_NAMESPACE + "security.";
    private static final List<EvidenceKind> KINDS = List.of(values());

    private final String graphName;
    private final String caption;
    private final Predicate<JsonNode> recognisedByFields;

    EvidenceKind(String graphName, String caption, Predicate<JsonNode> recognisedByFields) {
        this.graphName = graphName;
        this.caption = caption;
        this.recognisedByFields = recognisedByFields;
    }

    /** Graph's type name, e.g. {@code deviceEvidence}. */
    String graphName() {
        return graphName;
    }

    /** Human caption, used as the resource type. */
    String caption() {
        return caption;
    }

    /**
     * The kind named by {@code @odata.type}. A type that is not a Graph type name (missing, or anonymized like the
     * connector documentation's sample) is recognised by its fields; a real Graph type the relay does not know
     * yet gives empty, so it is kept verbatim rather than guessed.
     */
    static Optional<EvidenceKind> of(JsonNode evidence) {
        String type = evidence.path("@odata.type").asText("");
        boolean graphType = type.startsWith(GRAPH_NAMESPACE);
        for (EvidenceKind kind : KINDS) {
            if (graphType ? type.length() == GRAPH_PREFIX.length() + kind.graphName.length()
                    && type.startsWith(GRAPH_PREFIX) && type.endsWith(kind.graphName)
                    : kind.recognisedByFields.test(evidence)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
