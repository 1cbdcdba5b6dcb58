package io.defenderrelay.normalize;

/**
 * Whether text is an IPv4 or IPv6 address literal. Written out because {@code InetAddress.getByName} would
 * resolve a host name over DNS, which the normalizer must never do for a value taken from an alert.
 */
final class IpLiteral {
    private static final int IPV6_GROUPS = 8;

    private IpLiteral() {
    }

    static boolean isValid(String text) {
        return text != null && (isIpv4(text, 0, text.length()) || isIpv6(text));
    }

    /** Four decimal octets 0-255 without leading zeros in text[from, to). */
    private static boolean isIpv4(String text, int from, int to) {
        int octets = 0;
        int start = from;
        for (int i = from; i <= to; i++) {
            if (i == to || text.charAt(i) == '.') {
                if (!isOctet(text, start, i) || ++octets > 4) {
                    return false;
                }
                start = i + 1;
            }
        }
        return octets == 4;
    }

    private static boolean isOctet(String text, int from, int to) {
        int length = to - from;
        if (length < 1 || length > 3 || length > 1 && text.charAt(from) == '0') {
            return false;
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            value = value * 10 + (c - '0');
        }
        return value <= 255;
    }

    /** Hex groups of 1-4 digits separated by ':', at most one '::', an optional IPv4 tail. */
    private static boolean isIpv6(String text) {
        int length = text.length();
        if (length < 2 || length > 45) {
            return false;
        }
        int compression = text.indexOf("::");
        if (compression >= 0 && text.indexOf("::", compression + 1) >= 0) {
            return false;
        }
        int groups = 0;
        int start = 0;
        for (int i = 0; i <= length; i++) {
            if (i < length && text.charAt(i) != ':') {
                continue;
            }
            if (i > start) {
                if (i == length && text.lastIndexOf('.', i) >= start) {
                    if (!isIpv4(text, start, i)) {
                        return false;
                    }
                    groups += 2;
                } else if (i - start > 4 || !isHex(text.substring(start, i))) {
                    return false;
                } else {
                    groups++;
                }
            } else if (!isCompressionGap(start, compression, length)) {
                return false;
            }
            start = i + 1;
        }
        return compression >= 0 ? groups < IPV6_GROUPS : groups == IPV6_GROUPS;
    }

    /** The empty segments "::" leaves: between its colons, and before or after it at either end. */
    private static boolean isCompressionGap(int start, int compression, int length) {
        return compression >= 0 && (start == compression + 1 || start == 0 && compression == 0
                || start == length && compression == length - 2);
    }

    /** Only ASCII hex digits. */
    static boolean isHex(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }
}
