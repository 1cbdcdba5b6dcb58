package io.defenderrelay.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.defenderrelay.normalize.Nodes.first;
import static io.defenderrelay.normalize.Nodes.newArray;
import static io.defenderrelay.normalize.Nodes.newObject;
import static io.defenderrelay.normalize.Nodes.put;
import static io.defenderrelay.normalize.Nodes.text;

/**
 * Graph {@code evidence[]} → OCSF {@code evidences[]}, {@code observables[]} and {@code resources[]} (role from
 * the evidence roles). An item of an unknown type, or one too incomplete for its OCSF object, is kept verbatim
 * in {@link Mapped#unmapped()}: evidence is never dropped. Longer than most classes: one short mapping per
 * evidence type, in one place so a new Graph type is added beside its siblings.
 */
final class EvidenceMapper {
    /** Fields every evidence type has; the rest is type-specific and goes to {@code data} for data evidence. */
    private static final Set<String> COMMON_FIELDS = Set.of("@odata.type", "createdDateTime", "verdict",
            "remediationStatus", "remediationStatusDetails", "roles", "detailedRoles", "tags");
    private static final int TARGET = 1;
    private static final int ACTOR = 2;
    private static final int AFFECTED = 3;
    private static final int RELATED = 4;
    /** When an item has several roles, the most telling wins: actor, then target, affected, related. */
    private static final List<Integer> ROLE_PRIORITY = List.of(ACTOR, TARGET, AFFECTED, RELATED, OcsfEnums.OTHER);
    private static final Map<String, Integer> ROLE_IDS = Map.ofEntries(
            Map.entry("attacker", ACTOR), Map.entry("source", ACTOR), Map.entry("commandAndControl", ACTOR),
            Map.entry("policyViolator", ACTOR), Map.entry("destination", TARGET), Map.entry("attacked", TARGET),
            Map.entry("compromised", AFFECTED), Map.entry("edited", AFFECTED), Map.entry("created", AFFECTED),
            Map.entry("added", AFFECTED), Map.entry("loaded", AFFECTED), Map.entry("contextual", RELATED),
            Map.entry("scanned", RELATED), Map.entry("suspicious", RELATED));
    /** IANA protocol numbers of the transports Graph names. */
    private static final Map<String, Integer> PROTOCOL_NUMBERS = Map.of("tcp", 6, "udp", 17, "icmp", 1);
    private static final Map<String, Integer> VERDICT_IDS = Map.of(
            "unknown", 0, "malicious", 2, "suspicious", 4, "noThreatsFound", 5);

    /** What one alert's evidence became. */
    record Mapped(ArrayNode evidences, ArrayNode observables, ArrayNode resources, ArrayNode unmapped) {
    }

    /**
     * One evidence item being mapped: its OCSF entry, resource identity and the alert's observables. Builders
     * add observables only once their object is known to be valid, so a rejected item leaves none behind.
     */
    private record Item(JsonNode graph, ObjectNode entry, ObjectNode resource, String path, Observables observables) {
    }

    private record Role(int id, String caption) {
    }

    Mapped map(JsonNode evidence) {
        Observables observables = new Observables();
        Mapped mapped = new Mapped(newArray(), observables.toArray(), newArray(), newArray());
        if (evidence == null || !evidence.isArray()) {
            keep(evidence, mapped);
            return mapped;
        }
        for (JsonNode graph : evidence) {
            Optional<EvidenceKind> kind = graph.isObject() ? EvidenceKind.of(graph) : Optional.empty();
            Item item = new Item(graph, newObject(), newObject(), "evidences[" + mapped.evidences().size() + "]",
                    observables);
            if (kind.isPresent() && mapMembers(kind.get(), item)) {
                add(kind.get(), item, mapped);
            } else {
                keep(graph, mapped);
            }
        }
        return mapped;
    }

    private static void keep(JsonNode graph, Mapped mapped) {
        Nodes.addUnlessEmpty(mapped.unmapped(), graph);
    }

    private static void add(EvidenceKind kind, Item item, Mapped mapped) {
        ObjectNode entry = newObject().put("name", kind.graphName());
        entry.setAll(item.entry());
        Optional<Role> role = role(item.graph());
        String verdict = text(item.graph(), "verdict");
        if (verdict != null) {
            int verdictId = VERDICT_IDS.getOrDefault(verdict, OcsfEnums.OTHER);
            entry.put("verdict_id", verdictId);
            entry.put("verdict", verdictId == OcsfEnums.OTHER ? verdict : OcsfEnums.VERDICT.get(verdictId));
        }
        mapped.evidences().add(entry);
        ObjectNode resource = item.resource();
        if (resource.has("uid") || resource.has("name")) {
            resource.put("type", kind.caption());
            role.ifPresent(r -> resource.put("role_id", r.id()).put("role", r.caption()));
            // resource evidence lists the same node: copy so the two places cannot change each other
            mapped.resources().add(entry.has("resources") ? resource.deepCopy() : resource);
        }
    }

    private static boolean mapMembers(EvidenceKind kind, Item item) {
        return switch (kind) {
            case DEVICE -> device(item);
            case USER -> user(item, OcsfObjects.user(item.graph().path("userAccount"), item.path() + ".user",
                    item.observables()));
            case MAILBOX -> user(item, OcsfObjects.mailboxUser(item.graph(), item.path() + ".user",
                    item.observables()));
            case IP -> ip(item);
            case URL -> url(item);
            case PROCESS -> process(item);
            case FILE -> file(item);
            case ANALYZED_MESSAGE -> message(item);
            case MAIL_CLUSTER -> data(item, "clusterByValue");
            case REGISTRY_KEY, REGISTRY_VALUE -> data(item, "registryKey");
            case CLOUD_APPLICATION, OAUTH_APPLICATION -> resource(item, "appId", "displayName");
            case SECURITY_GROUP -> resource(item, "securityGroupId", "displayName");
            case AZURE_RESOURCE -> resource(item, "resourceId", "resourceName");
            case AMAZON_RESOURCE -> resource(item, "amazonResourceId", "resourceName");
            case GOOGLE_CLOUD_RESOURCE -> resource(item, "fullResourceName", "resourceName");
            case BLOB, BLOB_CONTAINER -> resource(item, "url", "name");
            case DNS -> dns(item);
            case FILE_HASH -> fileHash(item);
            case NETWORK_CONNECTION -> connection(item);
        };
    }

    private static boolean device(Item item) {
        JsonNode graph = item.graph();
        String uid = text(graph, "mdeDeviceId");
        String hostname = first(text(graph, "deviceDnsName"), text(graph, "hostName"));
        ObjectNode device = OcsfObjects.device(uid, hostname, deviceIp(graph), item.path() + ".device",
                item.observables());
        if (device == null) {
            return false;
        }
        String hostName = text(graph, "hostName");
        if (hostName != null && !hostName.equals(hostname)) {
            device.put("name", hostName);
        }
        put(device, "uid_alt", text(graph, "azureAdDeviceId"));
        put(device, "domain", first(text(graph, "dnsDomain"), text(graph, "ntDomain")));
        put(device, "os", OcsfObjects.os(text(graph, "osPlatform"), text(graph, "osBuild"), text(graph, "version")));
        item.entry().set("device", device);
        identify(item, uid, hostname);
        return true;
    }

    /** The device's last known address, else its first interface address that is a valid IP literal. */
    private static String deviceIp(JsonNode graph) {
        String last = text(graph, "lastIpAddress");
        if (IpLiteral.isValid(last)) {
            return last;
        }
        for (JsonNode address : Nodes.items(graph, "ipInterfaces")) {
            if (address.isTextual() && IpLiteral.isValid(address.textValue())) {
                return address.textValue();
            }
        }
        return null;
    }

    private static boolean user(Item item, ObjectNode user) {
        if (user == null) {
            return false;
        }
        item.entry().set("user", user);
        identify(item, text(user, "uid"), text(user, "name"));
        return true;
    }

    /** An attacker or source address is the source endpoint; a target or affected one the destination. */
    private static boolean ip(Item item) {
        int roleId = role(item.graph()).map(Role::id).orElse(0);
        String member = roleId == TARGET || roleId == AFFECTED ? "dst_endpoint" : "src_endpoint";
        ObjectNode endpoint = OcsfObjects.endpoint(item.graph(), item.path() + "." + member, item.observables());
        if (endpoint == null) {
            return false;
        }
        item.entry().set(member, endpoint);
        identify(item, null, endpoint.get("ip").textValue());
        return true;
    }

    private static boolean url(Item item) {
        String url = text(item.graph(), "url");
        if (url == null) {
            return false;
        }
        item.entry().set("url", UrlParts.url(url));
        item.observables().add(item.path() + ".url.url_string", Observables.URL_STRING, url);
        identify(item, null, url);
        return true;
    }

    private static boolean process(Item item) {
        JsonNode graph = item.graph();
        String path = item.path() + ".process";
        ObjectNode process = OcsfObjects.process(Nodes.whole(graph, "processId"),
                Nodes.time(graph, "processCreationDateTime"), text(graph, "processCommandLine"),
                Nodes.object(graph, "imageFile"), path, item.observables());
        if (process == null) {
            return false;
        }
        put(process, "parent_process", OcsfObjects.process(Nodes.whole(graph, "parentProcessId"),
                Nodes.time(graph, "parentProcessCreationDateTime"), null,
                Nodes.object(graph, "parentProcessImageFile"), path + ".parent_process", item.observables()));
        JsonNode account = Nodes.object(graph, "userAccount");
        if (account != null) {
            put(process, "user", OcsfObjects.user(account, path + ".user", item.observables()));
        }
        item.entry().set("process", process);
        attachDevice(item);
        identify(item, null, text(process, "name"));
        return true;
    }

    private static boolean file(Item item) {
        ObjectNode file = OcsfObjects.file(Nodes.object(item.graph(), "fileDetails"), item.path() + ".file",
                item.observables());
        if (file == null) {
            return false;
        }
        item.entry().set("file", file);
        attachDevice(item);
        identify(item, null, file.get("name").textValue());
        return true;
    }

    private static boolean message(Item item) {
        ObjectNode email = OcsfObjects.email(item.graph(), item.path() + ".email", item.observables());
        if (email == null) {
            return false;
        }
        item.entry().set("email", email);
        identify(item, text(email, "uid"), text(email, "subject"));
        return true;
    }

    /**
     * A DNS lookup: the name as the query, the asking host as the source and the DNS server as the destination;
     * the addresses it resolved to have no place in the evidence object, so they stay as data.
     */
    private static boolean dns(Item item) {
        JsonNode graph = item.graph();
        String hostname = text(graph, "domainName");
        if (hostname == null) {
            return false;
        }
        item.entry().putObject("query").put("hostname", hostname);
        item.observables().add(item.path() + ".query.hostname", Observables.HOSTNAME, hostname);
        put(item.entry(), "src_endpoint", OcsfObjects.endpoint(Nodes.object(graph, "hostIpAddress"),
                item.path() + ".src_endpoint", item.observables()));
        put(item.entry(), "dst_endpoint", OcsfObjects.endpoint(Nodes.object(graph, "dnsServerIp"),
                item.path() + ".dst_endpoint", item.observables()));
        ArrayNode resolved = newArray();
        for (JsonNode address : Nodes.items(graph, "ipAddresses")) {
            String ip = text(address, "ipAddress");
            if (IpLiteral.isValid(ip)) {
                item.observables().add(item.path() + ".data.resolved[" + resolved.size() + "]", Observables.IP_ADDRESS,
                        ip);
                resolved.add(ip);
            }
        }
        if (!resolved.isEmpty()) {
            item.entry().putObject("data").set("resolved", resolved);
        }
        identify(item, null, hostname);
        return true;
    }

    /** A hash without its file: OCSF's file needs a name, so the hash is data and an observable. */
    private static boolean fileHash(Item item) {
        if (text(item.graph(), "value") == null || !data(item, "value")) {
            return false;
        }
        item.observables().add(item.path() + ".data.value", Observables.HASH, text(item.graph(), "value"));
        return true;
    }

    /** Source and destination endpoints with their ports, and the transport protocol. */
    private static boolean connection(Item item) {
        JsonNode graph = item.graph();
        ObjectNode source = OcsfObjects.endpoint(Nodes.object(graph, "sourceAddress"), item.path() + ".src_endpoint",
                item.observables());
        ObjectNode destination = OcsfObjects.endpoint(Nodes.object(graph, "destinationAddress"),
                item.path() + ".dst_endpoint", item.observables());
        if (source == null && destination == null) {
            return false;
        }
        if (source != null) {
            put(source, "port", Nodes.whole(graph, "sourcePort"));
            item.entry().set("src_endpoint", source);
        }
        if (destination != null) {
            put(destination, "port", Nodes.whole(graph, "destinationPort"));
            item.entry().set("dst_endpoint", destination);
        }
        String protocol = text(graph, "protocol");
        ObjectNode connection = item.entry().putObject("connection_info").put("direction_id", 0)
                .put("direction", "Unknown");
        put(connection, "protocol_name", protocol);
        Integer number = protocol == null ? null : PROTOCOL_NUMBERS.get(protocol.toLowerCase(Locale.ROOT));
        if (number != null) {
            connection.put("protocol_num", number);
        }
        identify(item, null, destination != null ? text(destination, "ip") : text(source, "ip"));
        return true;
    }

    /** Evidence with no OCSF object of its own (registry without the Windows extension, mail clusters). */
    private static boolean data(Item item, String nameField) {
        ObjectNode specific = newObject();
        item.graph().fields().forEachRemaining(field -> {
            if (!COMMON_FIELDS.contains(field.getKey())) {
                specific.set(field.getKey(), field.getValue());
            }
        });
        JsonNode data = Nodes.withoutNulls(specific);
        if (data == null) {
            return false;
        }
        item.entry().set("data", data);
        attachDevice(item);
        identify(item, null, text(item.graph(), nameField));
        return true;
    }

    /**
     * Applications, groups and cloud resources are OCSF resources: the evidence lists the same resource object
     * that {@link #add} completes with type and role.
     */
    private static boolean resource(Item item, String uidField, String nameField) {
        String uid = text(item.graph(), uidField);
        String name = text(item.graph(), nameField);
        if (uid == null && name == null) {
            return false;
        }
        identify(item, uid, name);
        item.entry().putArray("resources").add(item.resource());
        item.observables().add(item.path() + ".resources[0].uid", Observables.RESOURCE_UID, uid);
        return true;
    }

    /** Process, file and registry evidence name the Defender device they were seen on. */
    private static void attachDevice(Item item) {
        put(item.entry(), "device", OcsfObjects.device(text(item.graph(), "mdeDeviceId"), null, null,
                item.path() + ".device", item.observables()));
    }

    private static void identify(Item item, String uid, String name) {
        put(item.resource(), "uid", uid);
        put(item.resource(), "name", name);
    }

    private static Optional<Role> role(JsonNode graph) {
        Role best = null;
        for (JsonNode item : Nodes.items(graph, "roles")) {
            String role = item.isTextual() ? text(item) : null;
            if (role == null) {
                continue;
            }
            int id = ROLE_IDS.getOrDefault(role, OcsfEnums.OTHER);
            if (best == null || ROLE_PRIORITY.indexOf(id) < ROLE_PRIORITY.indexOf(best.id())) {
                best = new Role(id, id == OcsfEnums.OTHER ? role : OcsfEnums.ROLE.get(id));
            }
        }
        return Optional.ofNullable(best);
    }
}
