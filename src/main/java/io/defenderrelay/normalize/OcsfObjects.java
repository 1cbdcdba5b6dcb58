package io.defenderrelay.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Locale;

import static io.defenderrelay.normalize.Nodes.first;
import static io.defenderrelay.normalize.Nodes.newObject;
import static io.defenderrelay.normalize.Nodes.put;
import static io.defenderrelay.normalize.Nodes.text;

/**
 * Builds the OCSF objects that evidence maps to (user, file, process, device, email, endpoint) from Graph's
 * nested shapes, and records their observables. Each builder returns null when Graph gave too little for the
 * object's OCSF constraint, so the caller can keep the evidence verbatim instead. Longer than most classes because
 * it holds one short builder per OCSF object, kept side by side so their constraints can be compared.
 */
final class OcsfObjects {
    private static final List<HashKind> HASHES = List.of(
            new HashKind("md5", 32, 1, "MD5"), new HashKind("sha1", 40, 2, "SHA-1"),
            new HashKind("sha256", 64, 3, "SHA-256"));

    private record HashKind(String graphField, int hexLength, int algorithmId, String algorithm) {
    }

    private OcsfObjects() {
    }

    /** Graph userAccount → OCSF user (needs a name or uid). */
    static ObjectNode user(JsonNode account, String path, Observables observables) {
        ObjectNode user = userFields(account);
        return finishUser(user, path, observables);
    }

    /** Mailbox evidence → OCSF user whose email is the mailbox's primary address. */
    static ObjectNode mailboxUser(JsonNode evidence, String path, Observables observables) {
        JsonNode account = Nodes.object(evidence, "userAccount");
        ObjectNode user = account == null ? newObject() : userFields(account);
        String address = text(evidence, "primaryAddress");
        putAddress(user, "email_addr", address);
        if (!user.has("full_name")) {
            put(user, "full_name", text(evidence, "displayName"));
        }
        if (!user.has("name")) {
            put(user, "name", address);
        }
        return finishUser(user, path, observables);
    }

    /** Graph assignedTo (an analyst's address, or a name such as "Automation") → OCSF user. */
    static ObjectNode assignee(String assignedTo) {
        if (assignedTo == null) {
            return null;
        }
        ObjectNode user = newObject().put("name", assignedTo);
        putAddress(user, "email_addr", assignedTo);
        return user;
    }

    private static ObjectNode userFields(JsonNode account) {
        ObjectNode user = newObject();
        String principal = text(account, "userPrincipalName");
        String aadId = text(account, "azureAdUserId");
        String sid = text(account, "userSid");
        put(user, "name", first(text(account, "accountName"), principal));
        put(user, "full_name", text(account, "displayName"));
        put(user, "domain", text(account, "domainName"));
        put(user, "uid", first(aadId, sid));
        if (aadId != null) {
            put(user, "uid_alt", sid);
        }
        putAddress(user, "email_addr", principal);
        String homeTenant = text(account, "tenantId");
        if (homeTenant != null) {
            // the user's home Entra tenant (guests come from another one): OCSF's organization uid
            user.putObject("org").put("uid", homeTenant);
        }
        return user;
    }

    private static ObjectNode finishUser(ObjectNode user, String path, Observables observables) {
        if (!user.has("name") && !user.has("uid")) {
            return null;
        }
        observables.add(path + ".name", Observables.USER_NAME, text(user, "name"));
        observables.add(path + ".uid", Observables.USER_UID, text(user, "uid"));
        observables.add(path + ".email_addr", Observables.EMAIL_ADDRESS, text(user, "email_addr"));
        return user;
    }

    /** Graph fileDetails / imageFile → OCSF file (needs a name); hashes only when they are real hex digests. */
    static ObjectNode file(JsonNode details, String path, Observables observables) {
        String name = details == null ? null : text(details, "fileName");
        if (name == null) {
            return null;
        }
        ObjectNode file = newObject();
        file.put("name", name);
        put(file, "ext", extension(name));
        file.put("type_id", 1);
        file.put("type", "Regular File");
        String folder = text(details, "filePath");
        String fullPath = folder == null ? null : joinPath(folder, name);
        put(file, "path", fullPath);
        put(file, "parent_folder", folder);
        put(file, "size", Nodes.whole(details, "fileSize"));
        put(file, "company_name", text(details, "filePublisher"));
        ArrayNode hashes = Nodes.newArray();
        for (HashKind kind : HASHES) {
            String value = text(details, kind.graphField());
            if (isHexDigest(value, kind.hexLength())) {
                ObjectNode hash = hashes.addObject();
                hash.put("algorithm_id", kind.algorithmId());
                hash.put("algorithm", kind.algorithm());
                hash.put("value", value.toLowerCase(Locale.ROOT));
                observables.add(path + ".hashes[" + (hashes.size() - 1) + "].value", Observables.HASH,
                        value.toLowerCase(Locale.ROOT));
            }
        }
        put(file, "hashes", hashes);
        observables.add(path + ".name", Observables.FILE_NAME, name);
        observables.add(path + ".path", Observables.FILE_PATH, fullPath);
        return file;
    }

    /** OCSF's ext: after the last dot, without it ("gz" from export.tar.gz); none for ".profile" or "README". */
    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot <= 0 || dot == name.length() - 1 ? null : name.substring(dot + 1);
    }

    /** Graph gives the folder and the name apart; OCSF's path is the full path. */
    private static String joinPath(String folder, String name) {
        if (folder.endsWith("\\") || folder.endsWith("/")) {
            return folder + name;
        }
        return folder + (folder.contains("\\") ? "\\" : "/") + name;
    }

    private static boolean isHexDigest(String value, int length) {
        return value != null && value.length() == length && IpLiteral.isHex(value);
    }

    /** A process (needs a pid, an OCSF integer_t: 32 bits) with its image file and command line. */
    static ObjectNode process(Long pid, Long createdTime, String commandLine, JsonNode image, String path,
            Observables observables) {
        if (pid == null || pid < 0 || pid > Integer.MAX_VALUE) {
            return null;
        }
        ObjectNode process = newObject();
        process.put("pid", pid);
        ObjectNode file = file(image, path + ".file", observables);
        String name = file == null ? null : file.get("name").textValue();
        put(process, "name", name);
        put(process, "cmd_line", commandLine);
        put(process, "created_time", createdTime);
        put(process, "file", file);
        observables.add(path + ".name", Observables.PROCESS_NAME, name);
        observables.add(path + ".cmd_line", Observables.COMMAND_LINE, commandLine);
        return process;
    }

    /** OCSF device; {@code type_id} is required and Graph does not say the form factor, so 0 Unknown. */
    static ObjectNode device(String uid, String hostname, String ip, String path, Observables observables) {
        if (uid == null && hostname == null && ip == null) {
            return null;
        }
        ObjectNode device = newObject();
        put(device, "hostname", hostname);
        put(device, "uid", uid);
        put(device, "ip", ip);
        device.put("type_id", 0);
        device.put("type", "Unknown");
        observables.add(path + ".hostname", Observables.HOSTNAME, hostname);
        observables.add(path + ".ip", Observables.IP_ADDRESS, ip);
        observables.add(path + ".uid", Observables.DEVICE_UID, uid);
        return device;
    }

    /** OCSF operating system: {@code type_id} from the platform name's family (100 Windows, 200 Linux ...). */
    static ObjectNode os(String platform, String build, String version) {
        if (platform == null) {
            return null;
        }
        String lower = platform.toLowerCase(Locale.ROOT);
        int typeId;
        String type;
        if (lower.startsWith("windows")) {
            typeId = 100;
            type = "Windows";
        } else if (lower.startsWith("linux") || lower.startsWith("ubuntu") || lower.startsWith("redhat")
                || lower.startsWith("debian") || lower.startsWith("centos") || lower.startsWith("suse")) {
            typeId = 200;
            type = "Linux";
        } else if (lower.startsWith("android")) {
            typeId = 201;
            type = "Android";
        } else if (lower.startsWith("macos") || lower.startsWith("mac os")) {
            typeId = 300;
            type = "macOS";
        } else if (lower.startsWith("ios")) {
            typeId = 301;
            type = "iOS";
        } else {
            typeId = lower.equals("unknown") ? 0 : OcsfEnums.OTHER;
            type = typeId == 0 ? "Unknown" : "Other";
        }
        ObjectNode os = newObject();
        os.put("name", platform);
        os.put("type_id", typeId);
        os.put("type", type);
        put(os, "build", build);
        put(os, "version", version);
        return os;
    }

    /** OCSF network endpoint for an IP evidence, if any (needs a valid IP literal), with its location. */
    static ObjectNode endpoint(JsonNode evidence, String path, Observables observables) {
        String ip = evidence == null ? null : text(evidence, "ipAddress");
        if (!IpLiteral.isValid(ip)) {
            return null;
        }
        ObjectNode endpoint = newObject();
        endpoint.put("ip", ip);
        ObjectNode location = newObject();
        put(location, "country", text(evidence, "countryLetterCode"));
        JsonNode graphLocation = Nodes.object(evidence, "location");
        if (graphLocation != null) {
            put(location, "city", text(graphLocation, "city"));
            put(location, "region", text(graphLocation, "state"));
            put(location, "lat", Nodes.decimal(graphLocation, "latitude"));
            put(location, "long", Nodes.decimal(graphLocation, "longitude"));
            if (!location.has("country")) {
                put(location, "country", text(graphLocation, "countryName"));
            }
        }
        put(endpoint, "location", location);
        observables.add(path + ".ip", Observables.IP_ADDRESS, ip);
        return endpoint;
    }

    /**
     * Analyzed message → OCSF email (needs a sender or recipient). P2 is the header From a reader sees, P1 the
     * envelope MAIL FROM, which the receiving server records as Return-Path: they go to {@code from} and
     * {@code return_path}. Text that is not an address goes to the human-readable {@code *_mailbox} attributes.
     */
    static ObjectNode email(JsonNode evidence, String path, Observables observables) {
        ObjectNode email = newObject();
        String p1 = senderAddress(evidence, "p1Sender");
        String from = first(senderAddress(evidence, "p2Sender"), p1);
        String recipient = text(evidence, "recipientEmailAddress");
        if (!putAddress(email, "from", from)) {
            put(email, "from_mailbox", from);
        }
        putAddress(email, "return_path", p1);
        if (EmailAddress.isValid(recipient)) {
            email.putArray("to").add(recipient);
        } else if (recipient != null) {
            email.putArray("to_mailboxes").add(recipient);
        }
        if (!email.has("from") && !email.has("to")) {
            return null;
        }
        String subject = text(evidence, "subject");
        String messageUid = text(evidence, "internetMessageId");
        String uid = text(evidence, "networkMessageId");
        String senderIp = text(evidence, "senderIp");
        put(email, "subject", subject);
        put(email, "message_uid", messageUid);
        put(email, "uid", uid);
        if (IpLiteral.isValid(senderIp)) {
            email.putArray("x_originating_ip").add(senderIp);
            observables.add(path + ".x_originating_ip[0]", Observables.IP_ADDRESS, senderIp);
        }
        observables.add(path + ".from", Observables.EMAIL_ADDRESS, text(email, "from"));
        observables.add(path + ".return_path", Observables.EMAIL_ADDRESS, text(email, "return_path"));
        observables.add(path + ".to[0]", Observables.EMAIL_ADDRESS, email.has("to") ? recipient : null);
        observables.add(path + ".subject", Observables.EMAIL_SUBJECT, subject);
        observables.add(path + ".message_uid", Observables.MESSAGE_UID, messageUid);
        observables.add(path + ".uid", Observables.EMAIL_UID, uid);
        ArrayNode urls = Nodes.newArray();
        for (JsonNode item : Nodes.items(evidence, "urls")) {
            String url = item.isTextual() ? text(item) : null;
            if (url != null) {
                urls.add(UrlParts.url(url));
                observables.add(path + ".urls[" + (urls.size() - 1) + "].url_string", Observables.URL_STRING, url);
            }
        }
        put(email, "urls", urls);
        return email;
    }

    /** Puts an email_t attribute only when the text is an address OCSF accepts; says whether it did. */
    private static boolean putAddress(ObjectNode target, String field, String address) {
        if (!EmailAddress.isValid(address)) {
            return false;
        }
        target.put(field, address);
        return true;
    }

    private static String senderAddress(JsonNode evidence, String field) {
        JsonNode sender = Nodes.object(evidence, field);
        return sender == null ? null : text(sender, "emailAddress");
    }
}
