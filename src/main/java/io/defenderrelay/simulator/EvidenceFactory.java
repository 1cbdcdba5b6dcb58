package io.defenderrelay.simulator;

import io.defenderrelay.support.GraphTime;
import io.defenderrelay.support.Json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import static io.defenderrelay.simulator.Scene.pick;
import static io.defenderrelay.simulator.Scene.randomHex;
import static io.defenderrelay.simulator.Scene.randomUuid;

/** Builds one {@code evidence[]} entry of a given kind for an alert's scene, with the fields Graph documents. */
final class EvidenceFactory {
    private static final List<String> VERDICTS = List.of("unknown", "suspicious", "malicious", "noThreatsFound");
    private static final List<String> REMEDIATION = List.of("none", "remediated", "prevented", "blocked", "notFound");
    private static final List<String> BINARIES = List.of("powershell.exe", "rundll32.exe", "svchost.exe",
            "invoice_2026.exe", "mshta.exe", "certutil.exe", "xmrig", "update.js");

    private final Scene scene;
    private final SplittableRandom random;
    private final WorkloadEvidence workloads;

    EvidenceFactory(Scene scene, SplittableRandom random) {
        this.scene = scene;
        this.random = random;
        this.workloads = new WorkloadEvidence(this, scene, random);
    }

    ObjectNode build(EvidenceType kind) {
        ObjectNode evidence = common(kind);
        switch (kind) {
            case DEVICE -> device(evidence);
            case USER -> evidence.putNull("stream").set("userAccount", userAccount());
            case IP -> ip(evidence);
            case URL -> evidence.put("url", "https://" + scene.maliciousDomain() + "/login?u=" + scene.user().accountName());
            case PROCESS -> process(evidence);
            case FILE -> evidence.put("detectionStatus", pick(random, List.of("detected", "blocked", "prevented")))
                    .put("mdeDeviceId", scene.device().mdeDeviceId()).set("fileDetails", fileDetails(pick(random, BINARIES)));
            case REGISTRY_KEY -> evidence.put("registryKey", runKey()).put("registryHive", "HKEY_LOCAL_MACHINE");
            case REGISTRY_VALUE -> evidence.put("registryKey", runKey()).put("registryHive", "HKEY_LOCAL_MACHINE")
                    .put("registryValueName", "OneDriveUpdate").put("registryValueType", "String")
                    .put("registryValue", "C:\\Users\\Public\\update.exe /silent")
                    .put("mdeDeviceId", scene.device().mdeDeviceId());
            case MAILBOX -> evidence.put("primaryAddress", scene.user().userPrincipalName())
                    .put("displayName", scene.user().displayName()).set("userAccount", userAccount());
            case ANALYZED_MESSAGE -> analyzedMessage(evidence);
            case MAIL_CLUSTER -> mailCluster(evidence);
            case CLOUD_APPLICATION -> evidence.put("appId", 11161).put("displayName", "Microsoft 365")
                    .put("instanceId", 0).put("instanceName", "Microsoft 365").put("saasAppId", 11161).putNull("stream");
            case OAUTH_APPLICATION -> evidence.put("appId", randomUuid(random)).put("displayName", "Payroll Sync")
                    .put("objectId", randomUuid(random)).put("publisher", "Contoso Ltd");
            case SECURITY_GROUP -> evidence.put("securityGroupId", Scene.ADMIN_GROUP_ID)
                    .put("displayName", pick(random, List.of("Domain Admins", "App Administrators", "Finance")));
            case AZURE_RESOURCE -> azureResource(evidence);
            case ACTIVE_DIRECTORY_DOMAIN -> evidence.put("activeDirectoryDomainName", Scene.DOMAIN);
            case AI_AGENT -> aiAgent(evidence);
            case CLOUD_LOGON_REQUEST -> evidence.put("requestId", randomUuid(random));
            case CLOUD_LOGON_SESSION -> cloudLogonSession(evidence);
            case DNS -> dns(evidence);
            case FILE_HASH -> evidence.put("algorithm", "sha256").put("value", randomHex(random, 64));
            case HOST_LOGON_SESSION -> hostLogonSession(evidence);
            case MAILBOX_CONFIGURATION -> mailboxConfiguration(evidence);
            case MALWARE -> malware(evidence);
            case NETWORK_CONNECTION -> networkConnection(evidence);
            case NIC -> nic(evidence);
            case SERVICE_PRINCIPAL -> servicePrincipal(evidence);
            case SUBMISSION_MAIL -> submissionMail(evidence);
            case TEAMS_MESSAGE -> teamsMessage(evidence);
            default -> workloads.build(kind, evidence);
        }
        return evidence;
    }

    ObjectNode common(EvidenceType kind) {
        ObjectNode evidence = Json.mapper().createObjectNode();
        evidence.put("@odata.type", kind.odataType())
                .put("createdDateTime", GraphTime.format(scene.createdTicks() + random.nextInt(20_000_000)))
                .put("verdict", pick(random, VERDICTS))
                .put("remediationStatus", pick(random, REMEDIATION))
                .putNull("remediationStatusDetails");
        ArrayNode roles = evidence.putArray("roles");
        if (random.nextBoolean()) {
            roles.add(pick(random, List.of("contextual", "source", "destination", "compromised", "attacker",
                    "commandAndControl", "created", "loaded", "suspicious", "policyViolator")));
        }
        evidence.putArray("detailedRoles");
        evidence.putArray("tags");
        return evidence;
    }

    private ObjectNode userAccount() {
        Scene.Person user = scene.user();
        return Json.mapper().createObjectNode()
                .put("accountName", user.accountName())
                .put("domainName", Scene.DOMAIN)
                .put("userSid", user.userSid())
                .put("azureAdUserId", user.azureAdUserId())
                .put("userPrincipalName", user.userPrincipalName())
                .put("displayName", user.displayName())
                .put("tenantId", Scene.stableUuid("home-tenant-" + Scene.DOMAIN));
    }

    private void device(ObjectNode evidence) {
        Scene.Device device = scene.device();
        evidence.put("firstSeenDateTime", GraphTime.format(scene.createdTicks() - 3_000_000_000_000L))
                .put("mdeDeviceId", device.mdeDeviceId())
                .put("azureAdDeviceId", device.azureAdDeviceId())
                .put("deviceDnsName", device.hostName() + "." + Scene.DOMAIN)
                .put("hostName", device.hostName())
                .put("ntDomain", "CONTOSO")
                .put("dnsDomain", Scene.DOMAIN)
                .put("osPlatform", device.osPlatform())
                .put("osBuild", device.osBuild())
                .put("version", device.version())
                .put("healthStatus", pick(random, List.of("active", "inactive", "impairedCommunication")))
                .put("riskScore", pick(random, List.of("none", "low", "medium", "high")))
                .put("rbacGroupId", 14)
                .put("rbacGroupName", "Workstations EMEA")
                .put("onboardingStatus", "onboarded")
                .put("defenderAvStatus", pick(random, List.of("updated", "notUpdated", "disabled")))
                .put("lastIpAddress", device.lastIpAddress())
                .put("lastExternalIpAddress", device.lastExternalIpAddress());
        evidence.putArray("ipInterfaces").add(device.lastIpAddress()).add("fe80::1c2d:3e4f:5a6b:7c8d").add("127.0.0.1");
        evidence.putArray("loggedOnUsers").addObject()
                .put("accountName", scene.user().accountName()).put("domainName", "CONTOSO");
        if (device.osPlatform().startsWith("WindowsServer")) {
            evidence.putObject("vmMetadata")
                    .put("vmId", device.vmId())
                    .put("cloudProvider", "azure")
                    .put("resourceId", "/subscriptions/" + Scene.SUBSCRIPTION_ID
                            + "/resourceGroups/servers/providers/Microsoft.Compute/virtualMachines/" + device.hostName())
                    .put("subscriptionId", Scene.SUBSCRIPTION_ID);
        } else {
            evidence.putNull("vmMetadata");
        }
    }

    private void ip(ObjectNode evidence) {
        evidence.put("ipAddress", scene.remoteIp()).put("countryLetterCode", scene.remoteCountry()).putNull("stream");
        if (random.nextBoolean()) {
            evidence.putObject("location")
                    .put("city", pick(random, List.of("Amsterdam", "São Paulo", "Köln", "Singapore", "Lagos")))
                    .put("countryName", scene.remoteCountry())
                    .put("latitude", 52.37)
                    .put("longitude", 4.89)
                    .putNull("state");
        } else {
            evidence.putNull("location");
        }
    }

    private void process(ObjectNode evidence) {
        String binary = pick(random, BINARIES);
        long started = scene.createdTicks() - 600_000_000L - random.nextInt(1_000_000_000);
        evidence.put("processId", 1000 + random.nextInt(60_000))
                .put("parentProcessId", 500 + random.nextInt(9_000))
                .put("processCommandLine", binary + " -NoProfile -EncodedCommand " + randomHex(random, 24))
                .put("processCreationDateTime", GraphTime.format(started))
                .put("parentProcessCreationDateTime", GraphTime.format(started - 40_000_000L))
                .put("detectionStatus", pick(random, List.of("detected", "blocked", "prevented")))
                .put("mdeDeviceId", scene.device().mdeDeviceId());
        evidence.set("imageFile", fileDetails(binary));
        evidence.set("parentProcessImageFile", fileDetails("explorer.exe"));
        evidence.set("userAccount", userAccount());
    }

    private ObjectNode fileDetails(String name) {
        boolean system = name.equals("explorer.exe") || name.equals("svchost.exe") || name.equals("powershell.exe");
        return Json.mapper().createObjectNode()
                .put("fileName", name)
                .put("filePath", system ? "C:\\Windows\\System32" : "C:\\Users\\" + scene.user().accountName()
                        + "\\AppData\\Local\\Temp")
                .put("fileSize", 20_000 + random.nextInt(4_000_000))
                .put("sha1", randomHex(random, 40))
                .put("sha256", randomHex(random, 64))
                .put("md5", randomHex(random, 32))
                .put("filePublisher", system ? "Microsoft Corporation" : null)
                .put("signer", system ? "Microsoft Windows" : null)
                .put("issuer", system ? "Microsoft Windows Production PCA 2011" : null);
    }

    private static String runKey() {
        return "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run";
    }

    private void analyzedMessage(ObjectNode evidence) {
        String sender = "it-support@" + scene.maliciousDomain();
        String messageId = randomUuid(random);
        String url = "https://" + scene.maliciousDomain() + "/login?u=" + scene.user().accountName();
        evidence.put("networkMessageId", messageId)
                .put("internetMessageId", "<" + randomHex(random, 12).toUpperCase(Locale.ROOT)
                        + "@" + scene.maliciousDomain() + ">")
                .put("subject", pick(random, List.of("Action required: your mailbox is almost full",
                        "Invoice 2026-0412 overdue", "Shared document: Q3 salaries")))
                .put("language", "en")
                .put("senderIp", scene.remoteIp())
                .put("recipientEmailAddress", scene.user().userPrincipalName())
                .put("antiSpamDirection", "Inbound")
                .put("deliveryAction", pick(random, List.of("Delivered", "Blocked", "Replaced")))
                .put("deliveryLocation", pick(random, List.of("Inbox/folder", "JunkFolder", "Quarantine")))
                .put("urn", "urn:MailEntity:" + messageId.replace("-", ""))
                .put("urlCount", 1)
                .put("attachmentsCount", 0)
                .put("receivedDateTime", GraphTime.format(scene.createdTicks() - 5_000_000_000L));
        evidence.putArray("threats").add(pick(random, List.of("Phish", "Malware", "Spam")));
        evidence.putArray("threatDetectionMethods").add("URL detonation reputation");
        evidence.putArray("urls").add(url);
        evidence.putObject("p1Sender").put("emailAddress", sender).put("displayName", "IT Support")
                .put("domainName", scene.maliciousDomain());
        evidence.putObject("p2Sender").put("emailAddress", sender).put("displayName", "IT Support")
                .put("domainName", scene.maliciousDomain());
    }

    private void mailCluster(ObjectNode evidence) {
        int count = 2 + random.nextInt(40);
        evidence.put("clusterBy", "Subject;P2SenderDomain")
                .put("clusterByValue", randomHex(random, 16))
                .put("emailCount", count)
                .put("query", "(P2SenderDomain:\"" + scene.maliciousDomain() + "\")")
                .put("urn", "urn:MailClusterEntity:" + randomHex(random, 32));
        ArrayNode ids = evidence.putArray("networkMessageIds");
        for (int i = 0; i < Math.min(count, 5); i++) {
            ids.add(randomUuid(random));
        }
    }

    private void azureResource(ObjectNode evidence) {
        String name = pick(random, List.of("stcontosodata", "kv-contoso-prod", "aks-contoso-prod"));
        String type = name.startsWith("st") ? "Microsoft.Storage/storageAccounts"
                : name.startsWith("kv") ? "Microsoft.KeyVault/vaults" : "Microsoft.ContainerService/managedClusters";
        evidence.put("resourceId", "/subscriptions/" + Scene.SUBSCRIPTION_ID + "/resourceGroups/prod/providers/"
                        + type + "/" + name)
                .put("resourceName", name)
                .put("resourceType", type);
    }

    private void aiAgent(ObjectNode evidence) {
        evidence.put("agentId", randomUuid(random))
                .put("agentName", pick(random, List.of("HR Helpdesk Agent", "Invoice Triage", "Sales Copilot")))
                .put("hostingPlatformType", pick(random, List.of("copilotStudio", "azureAIFoundry", "copilot")))
                .put("instructions", "Answer employee questions using the HR SharePoint site only.");
    }

    private void cloudLogonSession(ObjectNode evidence) {
        evidence.set("account", build(EvidenceType.USER));
        evidence.put("browser", pick(random, List.of("Edge 131.0", "Chrome 131.0", "Firefox 133.0")))
                .put("deviceName", scene.device().hostName())
                .put("operatingSystem", scene.device().osPlatform())
                .put("previousLogonDateTime", GraphTime.format(scene.createdTicks() - 864_000_000_000L))
                .put("protocol", pick(random, List.of("OAuth2", "SAML", "WsFederation")))
                .put("sessionId", randomUuid(random))
                .put("startUtcDateTime", GraphTime.format(scene.createdTicks() - 3_000_000_000L))
                .put("userAgent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)");
    }

    /** A lookup of the scene's malicious domain: who asked, which server answered, what it resolved to. */
    private void dns(ObjectNode evidence) {
        evidence.put("domainName", scene.maliciousDomain());
        evidence.putArray("ipAddresses").add(build(EvidenceType.IP));
        evidence.set("dnsServerIp", ipEvidence("192.0.2.53"));
        evidence.set("hostIpAddress", ipEvidence(scene.device().lastIpAddress()));
    }

    /** A nested ipEvidence for an address of the scene (not the remote one {@link #ip} uses). */
    ObjectNode ipEvidence(String address) {
        ObjectNode ip = common(EvidenceType.IP);
        ip.put("ipAddress", address).putNull("countryLetterCode").putNull("location").putNull("stream");
        return ip;
    }

    private void hostLogonSession(ObjectNode evidence) {
        evidence.set("account", build(EvidenceType.USER));
        evidence.set("host", build(EvidenceType.DEVICE));
        evidence.put("sessionId", String.valueOf(0x3e7 + random.nextInt(1_000_000)))
                .put("startUtcDateTime", GraphTime.format(scene.createdTicks() - 7_200_000_000L))
                .put("endUtcDateTime", GraphTime.format(scene.createdTicks() - 600_000_000L));
    }

    private void mailboxConfiguration(ObjectNode evidence) {
        Scene.Person user = scene.user();
        evidence.put("configurationId", "Set-InboxRule " + randomHex(random, 8))
                .put("configurationType", pick(random, List.of("mailForwardingRule", "owaSettings", "ewsSettings",
                        "mailDelegation", "userInboxRule")))
                .put("displayName", "Move messages from security@ to RSS Feeds")
                .put("externalDirectoryObjectId", user.azureAdUserId())
                .put("mailboxPrimaryAddress", user.userPrincipalName())
                .put("upn", user.userPrincipalName());
    }

    private void malware(ObjectNode evidence) {
        evidence.put("category", pick(random, List.of("Trojan", "Ransomware", "Backdoor", "HackTool")))
                .put("name", pick(random, List.of("Trojan:Win32/Qakbot", "Ransom:Win64/LockBit", "Backdoor:PHP/Webshell")));
        evidence.putArray("files").add(build(EvidenceType.FILE));
        evidence.putArray("processes").add(build(EvidenceType.PROCESS));
    }

    private void networkConnection(ObjectNode evidence) {
        evidence.set("sourceAddress", ipEvidence(scene.device().lastIpAddress()));
        evidence.put("sourcePort", 49152 + random.nextInt(16_000));
        evidence.set("destinationAddress", build(EvidenceType.IP));
        evidence.put("destinationPort", pick(random, List.of(443, 80, 4444, 8443, 3389)))
                .put("protocol", pick(random, List.of("tcp", "udp")));
    }

    private void nic(ObjectNode evidence) {
        evidence.set("ipAddress", ipEvidence(scene.device().lastIpAddress()));
        evidence.put("macAddress", macAddress());
        evidence.putArray("vlans").add("VLAN-" + (100 + random.nextInt(50)));
    }

    /** e.g. 00-1D-9C-4A-7F-02, as Defender writes MAC addresses. */
    String macAddress() {
        return randomHex(random, 12).toUpperCase(Locale.ROOT).replaceAll("(..)(?!$)", "$1-");
    }

    private void servicePrincipal(ObjectNode evidence) {
        evidence.put("appId", randomUuid(random))
                .put("appOwnerTenantId", Scene.stableUuid("publisher-tenant"))
                .put("servicePrincipalName", pick(random, List.of("Payroll Sync", "Backup Connector", "CI Deployer")))
                .put("servicePrincipalObjectId", randomUuid(random))
                .put("servicePrincipalType", pick(random, List.of("application", "managedIdentity", "legacy")))
                .put("tenantId", Scene.stableUuid("home-tenant-" + Scene.DOMAIN));
    }

    /** A message a user reported (or an admin submitted) to Microsoft. */
    private void submissionMail(ObjectNode evidence) {
        evidence.put("networkMessageId", randomUuid(random))
                .put("recipient", scene.user().userPrincipalName())
                .put("reportType", pick(random, List.of("phish", "junk", "notJunk")))
                .put("sender", "it-support@" + scene.maliciousDomain())
                .put("senderIp", scene.remoteIp())
                .put("subject", "Action required: your mailbox is almost full")
                .put("submissionDateTime", GraphTime.format(scene.createdTicks() - 1_800_000_000L))
                .put("submissionId", randomUuid(random))
                .put("submitter", scene.user().userPrincipalName());
    }

    private void teamsMessage(ObjectNode evidence) {
        String messageId = String.valueOf(1_760_000_000_000L + random.nextInt(1_000_000_000));
        evidence.put("campaignId", randomUuid(random))
                .put("channelId", "19:" + randomHex(random, 32) + "@thread.tacv2")
                .put("deliveryAction", pick(random, List.of("delivered", "blocked", "replaced", "deliveredAsSpam")))
                .put("deliveryLocation", pick(random, List.of("teams", "quarantine")))
                .put("groupId", randomUuid(random))
                .put("isExternal", true)
                .put("isOwned", false)
                .put("lastModifiedDateTime", GraphTime.format(scene.createdTicks() - 900_000_000L))
                .put("messageDirection", "inbound")
                .put("messageId", messageId)
                .put("owningTenantId", Scene.stableUuid("external-tenant"))
                .put("parentMessageId", messageId)
                .put("receivedDateTime", GraphTime.format(scene.createdTicks() - 900_000_000L))
                .put("senderFromAddress", "helpdesk@" + scene.maliciousDomain())
                .put("senderIP", scene.remoteIp())
                .put("sourceAppName", pick(random, List.of("desktop", "mobile")))
                .put("sourceId", randomUuid(random))
                .put("subject", "Your password expires today")
                .put("threadId", "19:" + randomHex(random, 32) + "@unq.gbl.spaces")
                .put("threadType", "Chat");
        evidence.putArray("recipients").add(scene.user().userPrincipalName());
        evidence.putArray("suspiciousRecipients").add(scene.user().userPrincipalName());
        evidence.putArray("files");
        evidence.putArray("urls").add(build(EvidenceType.URL));
    }
}
