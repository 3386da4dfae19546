package io.switchboard.egress;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * A CIDR block such as {@code 169.254.169.254/32} or {@code fd00:ec2::254/128}. IPv4-mapped IPv6 addresses
 * ({@code ::ffff:a.b.c.d}) are compared as the IPv4 address they carry, both in blocks and in candidates, so
 * {@code [::ffff:127.0.0.1]} cannot slip past {@code 127.0.0.0/8}.
 */
final class AddressRange {

    private final byte[] network;
    private final int prefixLength;
    private final String text;

    private AddressRange(byte[] network, int prefixLength, String text) {
        this.network = network;
        this.prefixLength = prefixLength;
        this.text = text;
    }

    /** Parses {@code address/prefix} or a bare address (a block of one); never touches DNS. */
    static AddressRange parse(String cidr) {
        String value = cidr.strip();
        int slash = value.indexOf('/');
        String address = slash >= 0 ? value.substring(0, slash) : value;
        byte[] bytes = literal(address);
        if (bytes == null) {
            throw new IllegalArgumentException("'" + cidr + "' is not an IP address or CIDR block");
        }
        int prefix;
        try {
            prefix = slash >= 0 ? Integer.parseInt(value.substring(slash + 1)) : bytes.length * 8;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + cidr + "' has an invalid prefix length");
        }
        if (prefix < 0 || prefix > bytes.length * 8) {
            throw new IllegalArgumentException("'" + cidr + "' has an invalid prefix length");
        }
        if (bytes.length == 16 && isIpv4Mapped(bytes) && prefix >= 96) {
            bytes = Arrays.copyOfRange(bytes, 12, 16);
            prefix -= 96;
        }
        return new AddressRange(mask(bytes, prefix), prefix, value);
    }

    boolean contains(InetAddress address) {
        byte[] candidate = normalise(address.getAddress());
        return candidate.length == network.length && Arrays.equals(mask(candidate, prefixLength), network);
    }

    /** The address with an IPv4-mapped IPv6 form turned into plain IPv4. */
    static InetAddress normalise(InetAddress address) {
        if (address instanceof Inet6Address && isIpv4Mapped(address.getAddress())) {
            try {
                return InetAddress.getByAddress(Arrays.copyOfRange(address.getAddress(), 12, 16));
            } catch (UnknownHostException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
        return address;
    }

    private static byte[] normalise(byte[] bytes) {
        return bytes.length == 16 && isIpv4Mapped(bytes) ? Arrays.copyOfRange(bytes, 12, 16) : bytes;
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] masked = bytes.clone();
        for (int bit = prefix; bit < masked.length * 8; bit++) {
            masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return masked;
    }

    /** The bytes of an IP literal, or null when {@code text} is not one (so no name lookup can happen). */
    static byte[] literal(String text) {
        String value = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (value.isEmpty()) {
            return null;
        }
        boolean ipv6 = value.indexOf(':') >= 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = Character.digit(c, 16) >= 0 || c == '.' || c == ':' || (ipv6 && c == '%');
            if (!ok) {
                return null;
            }
        }
        if (!ipv6 && !value.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return null;
        }
        try {
            InetAddress parsed = InetAddress.getByName(value);
            byte[] bytes = parsed.getAddress();
            // InetAddress turns ::ffff:a.b.c.d into an Inet4Address; keep the mapped form for CIDR parsing.
            if (ipv6 && parsed instanceof Inet4Address) {
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xff;
                mapped[11] = (byte) 0xff;
                System.arraycopy(bytes, 0, mapped, 12, 4);
                return mapped;
            }
            return bytes;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
