package io.defenderrelay.normalize;

/**
 * Whether text is an IPv4 or IPv6 address literal. Written out because {@code InetAddress.getByName} would
 * resolve a host name over DNS, which the normalizer must never do for a value taken from an alert.
 */
final class IpLiteral {
    private IpLiteral() {
    }

    static boolean isValid(String text) {
        return text != null && (isIpv4(text) || isIpv6(text));
    }

    static boolean isIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(part) > 255 || part.length() > 1 && part.charAt(0) == '0') {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpv6(String text) {
        if (text.length() < 2 || text.length() > 45 || text.indexOf(':') < 0) {
            return false;
        }
        int compression = text.indexOf("::");
        if (compression >= 0 && text.indexOf("::", compression + 1) >= 0) {
            return false;
        }
        String[] groups = compression >= 0
                ? concat(split(text.substring(0, compression)), split(text.substring(compression + 2)))
                : text.split(":", -1);
        int needed = 0;
        for (int i = 0; i < groups.length; i++) {
            String group = groups[i];
            boolean last = i == groups.length - 1;
            if (last && group.indexOf('.') >= 0) {
                if (!isIpv4(group)) {
                    return false;
                }
                needed += 2;
            } else if (group.isEmpty() || group.length() > 4
                    || !group.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 128)) {
                return false;
            } else {
                needed++;
            }
        }
        return compression >= 0 ? needed < 8 : needed == 8;
    }

    private static String[] split(String side) {
        return side.isEmpty() ? new String[0] : side.split(":", -1);
    }

    private static String[] concat(String[] left, String[] right) {
        String[] all = new String[left.length + right.length];
        System.arraycopy(left, 0, all, 0, left.length);
        System.arraycopy(right, 0, all, left.length, right.length);
        return all;
    }
}
