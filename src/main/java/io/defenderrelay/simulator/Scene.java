package io.defenderrelay.simulator;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * The cast of one alert: who, on which machine, from where, when. Drawn from a fictional contoso.example tenant
 * so the same user or device keeps its ids across alerts; addresses come from documentation ranges.
 */
record Scene(Person user, Device device, String remoteIp, String remoteCountry, String maliciousDomain,
             long createdTicks) {

    static final String DOMAIN = "contoso.example";
    private static final List<String> FIRST = List.of("Marta", "Jonas", "Aiko", "Samuel", "Priya", "Lucas", "Fatima",
            "Ole", "Grace", "Mateo", "Chen", "Amara", "Noah", "Ines", "Yusuf", "Hanna");
    private static final List<String> LAST = List.of("Ortiz", "Berg", "Tanaka", "Okafor", "Raman", "Silva", "Haddad",
            "Nilsen", "Kim", "Rossi", "Wei", "Mensah", "Fischer", "Moreau", "Demir", "Novak");
    private static final List<String> COUNTRIES = List.of("NL", "US", "DE", "BR", "SG", "NG", "RO", "VN", "KR", "FR");
    private static final List<String> BAD_DOMAINS = List.of("mailbox-quota.example.net", "invoice-portal.example.org",
            "login-verify.example.com", "cdn-update.example.net", "share-docs.example.org");

    record Person(String accountName, String displayName, String userPrincipalName, String userSid,
                  String azureAdUserId) {
    }

    record Device(String hostName, String mdeDeviceId, String azureAdDeviceId, String vmId, String osPlatform,
                  String osBuild, String version, String lastIpAddress, String lastExternalIpAddress) {
    }

    static final String SUBSCRIPTION_ID = stableUuid("subscription");
    static final String ADMIN_GROUP_ID = stableUuid("group-admins");
    /** The whole cast is made once: rendering an alert then only picks from it. */
    private static final List<Person> PEOPLE = IntStream.range(0, FIRST.size() * LAST.size())
            .mapToObj(i -> person(i / LAST.size(), i % LAST.size())).toList();
    private static final List<Device> DEVICES = IntStream.range(0, 240).mapToObj(Scene::device).toList();

    static Scene draw(SplittableRandom random, long createdTicks) {
        return new Scene(pick(random, PEOPLE), pick(random, DEVICES), documentationIp(random), pick(random, COUNTRIES),
                pick(random, BAD_DOMAINS), createdTicks);
    }

    private static Person person(int first, int last) {
        String given = FIRST.get(first);
        String family = LAST.get(last);
        String account = (given.charAt(0) + "." + family).toLowerCase(Locale.ROOT);
        String upn = account + "@" + DOMAIN;
        return new Person(account, given + " " + family, upn,
                "S-1-5-21-1004336348-1177238915-682003330-" + (1100 + first * LAST.size() + last), stableUuid(upn));
    }

    private static Device device(int number) {
        boolean server = number % 6 == 0;
        String host = (server ? "srv-0" : "ws-0") + (100 + number);
        String[] os = server ? new String[] {"WindowsServer2022", "20348", "21H2"}
                : number % 7 == 1 ? new String[] {"Linux", "6.8", "Ubuntu 24.04"}
                : new String[] {"Windows11", "22631", "23H2"};
        return new Device(host, hex(host, 40), stableUuid("aad-device-" + host), stableUuid("vm-" + host), os[0], os[1], os[2],
                "192.0.2." + (10 + number % 200), "198.51.100." + (1 + number % 250));
    }

    static String documentationIp(SplittableRandom random) {
        return random.nextInt(5) == 0 ? "2001:db8:" + Integer.toHexString(random.nextInt(0x10000)) + "::"
                + Integer.toHexString(1 + random.nextInt(0xfffe)) : "203.0.113." + (1 + random.nextInt(254));
    }

    static String stableUuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    static <T> T pick(SplittableRandom random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** Lower-case hex of the given length, derived from a name so it is the same every time. */
    static String hex(String name, int length) {
        return randomHex(new SplittableRandom(name.hashCode() * 0x9E3779B97F4A7C15L), length);
    }

    static String randomHex(SplittableRandom random, int length) {
        StringBuilder text = new StringBuilder(length);
        while (text.length() < length) {
            text.append(hex16(random.nextLong()));
        }
        return text.substring(0, length);
    }

    /** Exactly 16 lower-case hex digits (String.format is far slower on the rendering path). */
    static String hex16(long value) {
        String digits = Long.toHexString(value);
        return digits.length() == 16 ? digits : "0".repeat(16 - digits.length()) + digits;
    }

    static String randomUuid(SplittableRandom random) {
        return new UUID((random.nextLong() & ~0xF000L) | 0x4000L,
                (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString();
    }
}
