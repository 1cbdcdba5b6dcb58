package io.defenderrelay.simulator;

import io.defenderrelay.support.GraphTime;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import static io.defenderrelay.simulator.Scene.pick;
import static io.defenderrelay.simulator.Scene.randomHex;
import static io.defenderrelay.simulator.Scene.randomUuid;

/**
 * Evidence of cloud workloads for {@link EvidenceFactory}: other clouds' resources, storage, containers and
 * Kubernetes, GitHub and IoT devices, as Defender for Cloud and Cloud Apps report them. Like Graph, an evidence
 * that names another (a pod's namespace, a blob's container) carries it as a whole evidence object.
 */
final class WorkloadEvidence {
    private static final String CLUSTER = "aks-contoso-prod";
    private static final String STORAGE_ACCOUNT = "stcontosodata";
    private static final String REGISTRY = "contosoacr.azurecr.io";

    private final EvidenceFactory evidence;
    private final Scene scene;
    private final SplittableRandom random;

    WorkloadEvidence(EvidenceFactory evidence, Scene scene, SplittableRandom random) {
        this.evidence = evidence;
        this.scene = scene;
        this.random = random;
    }

    void build(EvidenceType kind, ObjectNode item) {
        switch (kind) {
            case AMAZON_RESOURCE -> item.put("amazonAccountId", "123456789012")
                    .put("amazonResourceId", "arn:aws:s3:::contoso-backups")
                    .put("resourceName", "contoso-backups").put("resourceType", "AWS::S3::Bucket");
            case GOOGLE_CLOUD_RESOURCE -> googleCloudResource(item);
            case BLOB_CONTAINER -> blobContainer(item);
            case BLOB -> blob(item);
            case SAS_TOKEN -> sasToken(item);
            case CONTAINER -> container(item);
            case CONTAINER_IMAGE -> containerImage(item);
            case CONTAINER_REGISTRY -> item.put("registry", REGISTRY);
            case KUBERNETES_CLUSTER -> cluster(item);
            case KUBERNETES_NAMESPACE -> namespace(item);
            case KUBERNETES_CONTROLLER -> controller(item);
            case KUBERNETES_POD -> pod(item);
            case KUBERNETES_SECRET -> item.put("name", "payments-db-credentials").put("secretType", "Opaque")
                    .set("namespace", nested(EvidenceType.KUBERNETES_NAMESPACE));
            case KUBERNETES_SERVICE_ACCOUNT -> item.put("name", "payments-sa")
                    .set("namespace", nested(EvidenceType.KUBERNETES_NAMESPACE));
            case KUBERNETES_SERVICE -> service(item);
            case GITHUB_ORGANIZATION -> item.put("company", "Contoso Ltd").put("displayName", "Contoso")
                    .put("email", "opensource@" + Scene.DOMAIN).put("login", "contoso")
                    .put("orgId", String.valueOf(10_000_000 + random.nextInt(90_000_000)))
                    .put("webUrl", "https://github.com/contoso");
            case GITHUB_REPO -> item.put("baseUrl", "https://github.com/contoso/payments-api").put("login", "contoso")
                    .put("owner", "contoso").put("ownerType", "Organization")
                    .put("repoId", String.valueOf(100_000_000 + random.nextInt(900_000_000)))
                    .put("visibility", pick(random, List.of("private", "internal", "public")));
            case GITHUB_USER -> item.put("email", scene.user().userPrincipalName())
                    .put("login", scene.user().accountName().replace('.', '-') + "-contoso")
                    .put("name", scene.user().displayName())
                    .put("userId", String.valueOf(1_000_000 + random.nextInt(90_000_000)))
                    .put("webUrl", "https://github.com/" + scene.user().accountName().replace('.', '-') + "-contoso");
            case IOT_DEVICE -> iotDevice(item);
            default -> throw new IllegalArgumentException("no builder for evidence kind " + kind);
        }
    }

    private ObjectNode nested(EvidenceType kind) {
        return evidence.build(kind);
    }

    private void googleCloudResource(ObjectNode item) {
        String project = "contoso-analytics-prod";
        item.put("fullResourceName", "//storage.googleapis.com/projects/" + project + "/buckets/contoso-exports")
                .put("location", "europe-west4").put("locationType", "regional")
                .put("projectId", project).put("projectNumber", 400_000_000_000L + random.nextInt(1_000_000))
                .put("resourceName", "contoso-exports").put("resourceType", "storage.googleapis.com/Bucket");
    }

    /** The Azure resource a workload lives in, as a nested azureResourceEvidence. */
    private ObjectNode azureResource(String group, String type, String name) {
        return evidence.common(EvidenceType.AZURE_RESOURCE)
                .put("resourceId", "/subscriptions/" + Scene.SUBSCRIPTION_ID + "/resourceGroups/" + group
                        + "/providers/" + type + "/" + name)
                .put("resourceName", name).put("resourceType", type);
    }

    private ObjectNode storageAccount() {
        return azureResource("prod", "Microsoft.Storage/storageAccounts", STORAGE_ACCOUNT);
    }

    private void blobContainer(ObjectNode item) {
        item.put("name", "backups").put("url", "https://" + STORAGE_ACCOUNT + ".blob.storage.example/backups");
        item.set("storageResource", storageAccount());
    }

    private void blob(ObjectNode item) {
        String name = pick(random, List.of("payroll-2026-09.xlsx", "db-dump.bak", "keys.txt"));
        item.set("blobContainer", nested(EvidenceType.BLOB_CONTAINER));
        item.put("etag", "0x8DC" + randomHex(random, 12).toUpperCase(Locale.ROOT))
                .put("name", name)
                .put("url", "https://" + STORAGE_ACCOUNT + ".blob.storage.example/backups/" + name);
        item.putArray("fileHashes").add(nested(EvidenceType.FILE_HASH));
    }

    private void sasToken(ObjectNode item) {
        item.put("allowedIpAddresses", scene.remoteIp())
                .put("expiryDateTime", GraphTime.format(scene.createdTicks() + 8_640_000_000_000L))
                .put("protocol", "https")
                .put("signatureHash", randomHex(random, 64))
                .put("signedWith", "key1")
                .put("startDateTime", GraphTime.format(scene.createdTicks() - 36_000_000_000L));
        item.putArray("allowedResourceTypes").add("container").add("object");
        item.putArray("allowedServices").add("blob");
        item.putArray("permissions").add("read").add("list");
        item.set("storageResource", storageAccount());
    }

    private void container(ObjectNode item) {
        item.putArray("args").add("--donate-level=0").add("-o").add("pool.example.net:443");
        item.putArray("command").add("/usr/local/bin/xmrig");
        item.put("containerId", randomHex(random, 64)).put("isPrivileged", random.nextBoolean()).put("name", "miner");
        item.set("image", nested(EvidenceType.CONTAINER_IMAGE));
        item.set("pod", nested(EvidenceType.KUBERNETES_POD));
    }

    private void containerImage(ObjectNode item) {
        String image = REGISTRY + "/tools/xmrig";
        item.put("imageId", image + ":6.21");
        ObjectNode digest = evidence.common(EvidenceType.CONTAINER_IMAGE).put("imageId", image + "@sha256:"
                + randomHex(random, 64));
        item.set("digestImage", digest);
        item.set("registry", nested(EvidenceType.CONTAINER_REGISTRY));
    }

    private void cluster(ObjectNode item) {
        item.set("cloudResource", azureResource("prod", "Microsoft.ContainerService/managedClusters", CLUSTER));
        item.put("distribution", "AKS").put("name", CLUSTER).put("platform", "aks").put("version", "1.30.4");
    }

    private void namespace(ObjectNode item) {
        item.set("cluster", nested(EvidenceType.KUBERNETES_CLUSTER));
        item.putObject("labels").put("team", "payments");
        item.put("name", "payments");
    }

    private void controller(ObjectNode item) {
        item.putObject("labels").put("app", "payments-api");
        item.put("name", "payments-api").put("owner", "payments-team").put("type", "Deployment");
        item.set("namespace", nested(EvidenceType.KUBERNETES_NAMESPACE));
    }

    private void pod(ObjectNode item) {
        item.put("name", "payments-api-" + randomHex(random, 10));
        item.set("namespace", nested(EvidenceType.KUBERNETES_NAMESPACE));
        item.putObject("labels").put("app", "payments-api");
        item.set("podIp", evidence.ipEvidence("192.0.2." + (100 + random.nextInt(100))));
        item.set("serviceAccount", nested(EvidenceType.KUBERNETES_SERVICE_ACCOUNT));
        item.set("controller", nested(EvidenceType.KUBERNETES_CONTROLLER));
        // a pod's containers name the pod back: they are given here without it, as Graph does
        ArrayNode containers = item.putArray("containers");
        ObjectNode container = evidence.common(EvidenceType.CONTAINER);
        container.put("containerId", randomHex(random, 64)).put("isPrivileged", true).put("name", "miner");
        container.set("image", nested(EvidenceType.CONTAINER_IMAGE));
        containers.add(container);
        item.putArray("initContainers");
        item.putArray("ephemeralContainers");
    }

    private void service(ObjectNode item) {
        item.set("clusterIP", evidence.ipEvidence("192.0.2." + (200 + random.nextInt(50))));
        item.putArray("externalIPs").add(nested(EvidenceType.IP));
        item.putObject("labels").put("app", "payments-api");
        item.put("name", "payments-api").put("serviceType", "LoadBalancer");
        item.set("namespace", nested(EvidenceType.KUBERNETES_NAMESPACE));
        item.putObject("selector").put("app", "payments-api");
        item.putArray("servicePorts").addObject().put("appProtocol", "https").put("name", "https")
                .put("nodePort", 30_000 + random.nextInt(2_000)).put("port", 443).put("protocol", "tcp")
                .put("targetPort", "8443");
    }

    private void iotDevice(ObjectNode item) {
        String ip = "192.0.2." + (150 + random.nextInt(50));
        item.put("deviceId", "plc-" + randomHex(random, 8))
                .put("deviceName", pick(random, List.of("Line3-PLC", "HVAC-Controller-2", "Badge-Reader-Lobby")))
                .put("deviceType", pick(random, List.of("PLC", "HVAC", "Access Control")))
                .put("deviceSubType", "Programmable Logic Controller")
                .put("devicePageLink", "https://security.microsoft.com/iot-device/" + randomHex(random, 16))
                .put("firmwareVersion", "4.2." + random.nextInt(20))
                .put("importance", pick(random, List.of("low", "normal", "high")))
                .put("ioTSecurityAgentId", randomUuid(random))
                .put("isAuthorized", random.nextBoolean())
                .put("isProgramming", false)
                .put("isScanner", false)
                .put("macAddress", evidence.macAddress())
                .put("manufacturer", "Rockwell Automation")
                .put("model", "ControlLogix 5580")
                .put("operatingSystem", "VxWorks")
                .put("purdueLayer", "Level 1")
                .put("sensor", "sensor-plant-01")
                .put("serialNumber", randomHex(random, 10).toUpperCase(Locale.ROOT))
                .put("site", "Rotterdam plant")
                .put("source", "Microsoft Defender for IoT")
                .put("zone", "Production");
        item.set("ioTHub", azureResource("ot", "Microsoft.Devices/IotHubs", "iot-contoso-plant"));
        item.set("ipAddress", evidence.ipEvidence(ip));
        item.putArray("owners").add(scene.user().userPrincipalName());
        item.putArray("protocols").add("CIP").add("Modbus");
        item.set("sourceRef", nested(EvidenceType.URL));
    }
}
