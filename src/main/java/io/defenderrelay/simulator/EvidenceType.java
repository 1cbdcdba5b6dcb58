package io.defenderrelay.simulator;

/**
 * The 48 alertEvidence types of Graph v1.0 (the derived types its alertEvidence resource lists), with their
 * {@code @odata.type}. Providers carry the common ones on most alerts and the rest rarely (providers.json).
 */
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
    ACTIVE_DIRECTORY_DOMAIN("activeDirectoryDomainEvidence"),
    AI_AGENT("aiAgentEvidence"),
    AMAZON_RESOURCE("amazonResourceEvidence"),
    BLOB_CONTAINER("blobContainerEvidence"),
    BLOB("blobEvidence"),
    CLOUD_LOGON_REQUEST("cloudLogonRequestEvidence"),
    CLOUD_LOGON_SESSION("cloudLogonSessionEvidence"),
    CONTAINER("containerEvidence"),
    CONTAINER_IMAGE("containerImageEvidence"),
    CONTAINER_REGISTRY("containerRegistryEvidence"),
    DNS("dnsEvidence"),
    FILE_HASH("fileHashEvidence"),
    GITHUB_ORGANIZATION("gitHubOrganizationEvidence"),
    GITHUB_REPO("gitHubRepoEvidence"),
    GITHUB_USER("gitHubUserEvidence"),
    GOOGLE_CLOUD_RESOURCE("googleCloudResourceEvidence"),
    HOST_LOGON_SESSION("hostLogonSessionEvidence"),
    IOT_DEVICE("iotDeviceEvidence"),
    KUBERNETES_CLUSTER("kubernetesClusterEvidence"),
    KUBERNETES_CONTROLLER("kubernetesControllerEvidence"),
    KUBERNETES_NAMESPACE("kubernetesNamespaceEvidence"),
    KUBERNETES_POD("kubernetesPodEvidence"),
    KUBERNETES_SECRET("kubernetesSecretEvidence"),
    KUBERNETES_SERVICE_ACCOUNT("kubernetesServiceAccountEvidence"),
    KUBERNETES_SERVICE("kubernetesServiceEvidence"),
    MAILBOX_CONFIGURATION("mailboxConfigurationEvidence"),
    MALWARE("malwareEvidence"),
    NETWORK_CONNECTION("networkConnectionEvidence"),
    NIC("nicEvidence"),
    SAS_TOKEN("sasTokenEvidence"),
    SERVICE_PRINCIPAL("servicePrincipalEvidence"),
    SUBMISSION_MAIL("submissionMailEvidence"),
    TEAMS_MESSAGE("teamsMessageEvidence");

    private final String odataType;

    EvidenceType(String simpleName) {
        this.odataType = "#microsoft.graph.security." + simpleName;
    }

    String odataType() {
        return odataType;
    }
}
