package io.defenderrelay.simulator;

/** The evidence types the generator produces, with their Graph {@code @odata.type}. */
enum EvidenceType {
    DEVICE("deviceEvidence"),
    USER("userEvidence"),
    IP("ipEvidence"),
    URL("urlEvidence"),
    PROCESS("processEvidence"),
    FILE("fileEvidence"),
    REGISTRY_KEY("registryKeyEvidence"),
    REGISTRY_VALUE("registryValueEvidence"),
    MAILBOX("mailboxEvidence"),
    ANALYZED_MESSAGE("analyzedMessageEvidence"),
    MAIL_CLUSTER("mailClusterEvidence"),
    CLOUD_APPLICATION("cloudApplicationEvidence"),
    OAUTH_APPLICATION("oauthApplicationEvidence"),
    SECURITY_GROUP("securityGroupEvidence"),
    AZURE_RESOURCE("azureResourceEvidence"),
    /** Not one of the types the relay maps: stands for the evidence types Microsoft adds over time. */
    KUBERNETES_POD("kubernetesPodEvidence");

    private final String odataType;

    EvidenceType(String simpleName) {
        this.odataType = "#microsoft.graph.security." + simpleName;
    }

    String odataType() {
        return odataType;
    }
}
