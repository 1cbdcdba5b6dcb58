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

    EvidenceFactory(Scene scene, SplittableRandom random) {
        this.scene = scene;
        this.random = random;
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
            case KUBERNETES_POD -> kubernetesPod(evidence);
            default -> throw new IllegalArgumentException("no builder for evidence kind " + kind);
        }
        return evidence;
    }

    private ObjectNode common(EvidenceType kind) {
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

    private void kubernetesPod(ObjectNode evidence) {
        evidence.put("name", "payments-api-" + randomHex(random, 10));
        ObjectNode namespace = evidence.putObject("namespace").put("name", "payments");
        namespace.putObject("cluster").put("name", "aks-contoso-prod").put("platform", "aks")
                .put("version", "1.30.4").put("distribution", "AKS");
        namespace.putObject("labels").put("team", "payments");
        evidence.putObject("labels").put("app", "payments-api");
        evidence.putObject("podIp").put("ipAddress", "192.0.2." + (100 + random.nextInt(100)));
        evidence.putObject("serviceAccount").put("name", "payments-sa").put("namespace", "payments");
        ArrayNode containers = evidence.putArray("containers");
        containers.addObject().put("name", "miner").put("containerId", randomHex(random, 64))
                .put("isPrivileged", true).putObject("image")
                .put("imageId", "registry.example.org/tools/xmrig:6.21").put("digestImage", "sha256:" + randomHex(random, 64));
    }
}
