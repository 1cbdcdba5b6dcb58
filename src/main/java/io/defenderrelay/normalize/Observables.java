package io.defenderrelay.normalize;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/** Collects the finding's {@code observables[]}: each names the attribute path it was taken from. */
final class Observables {
    static final int HOSTNAME = 1;
    static final int IP_ADDRESS = 2;
    static final int USER_NAME = 4;
    static final int EMAIL_ADDRESS = 5;
    static final int URL_STRING = 6;
    static final int FILE_NAME = 7;
    static final int HASH = 8;
    static final int PROCESS_NAME = 9;
    static final int RESOURCE_UID = 10;
    static final int COMMAND_LINE = 13;
    static final int USER_UID = 31;
    static final int EMAIL_SUBJECT = 40;
    static final int EMAIL_UID = 41;
    static final int MESSAGE_UID = 42;
    static final int FILE_PATH = 45;
    static final int DEVICE_UID = 47;

    /**
     * The {@code type_id} enum's captions as the OCSF 1.8.0 compiler writes them: dictionary types by their type
     * caption, object-specific attributes as "<Object> Object: <attribute>".
     */
    private static final Map<Integer, String> CAPTIONS = Map.ofEntries(
            Map.entry(HOSTNAME, "Hostname"), Map.entry(IP_ADDRESS, "IP Address"),
            Map.entry(USER_NAME, "User Name"), Map.entry(EMAIL_ADDRESS, "Email Address"),
            Map.entry(URL_STRING, "URL String"), Map.entry(FILE_NAME, "File Name"), Map.entry(HASH, "Hash"),
            Map.entry(PROCESS_NAME, "Process Name"), Map.entry(RESOURCE_UID, "Resource UID"),
            Map.entry(COMMAND_LINE, "Command Line"), Map.entry(USER_UID, "User Object: uid"),
            Map.entry(EMAIL_SUBJECT, "Email Object: subject"), Map.entry(EMAIL_UID, "Email Object: uid"),
            Map.entry(MESSAGE_UID, "Message UID"), Map.entry(FILE_PATH, "File Path"),
            Map.entry(DEVICE_UID, "Device Object: uid"));

    private final ArrayNode list = Nodes.newArray();

    /** Adds one observable unless the value is absent. */
    void add(String path, int typeId, String value) {
        if (value == null) {
            return;
        }
        ObjectNode observable = list.addObject();
        observable.put("name", path);
        observable.put("type_id", typeId);
        observable.put("type", CAPTIONS.get(typeId));
        observable.put("value", value);
    }

    ArrayNode toArray() {
        return list;
    }
}
