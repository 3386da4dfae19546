package io.switchboard.url;

import com.ibm.icu.text.IDNA;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A URL as the WHATWG URL Standard's basic URL parser reads it, which is what Node's {@code new URL(input, base)}
 * gives Kibana: Kibana validates connector URLs with it, and axios sends the request to what it parsed. Every part
 * of Switchboard that reads a connector URL (validation, {@code xpack.actions.allowedHosts}, the denied-address
 * check, the request itself, redirects) reads it through this class, so that all of them see the same host.
 *
 * <p>Java's {@link java.net.URI} cannot stand in for it: it is stricter (spaces, {@code _} in host names, non-ASCII
 * hosts) and laxer (no host required, IPv6 zone ids) than the standard, and it reads numeric hosts such as
 * {@code 0x7f.1} or {@code 2130706433} as names rather than as the IPv4 address {@code 127.0.0.1}.
 *
 * <p>International domain names go through UTS #46 (ICU4J) with the standard's options, and are held in their
 * ASCII (punycode) form. Instances are immutable and thread-safe. {@link #toString()} leaves out the userinfo;
 * {@link #href()} keeps it and is not for printing.
 */
public final class WhatwgUrl {

    private static final int EOF = -1;
    private static final IDNA UTS46 = IDNA.getUTS46Instance(IDNA.NONTRANSITIONAL_TO_ASCII
            | IDNA.NONTRANSITIONAL_TO_UNICODE | IDNA.CHECK_BIDI | IDNA.CHECK_CONTEXTJ);
    /** What the standard turns off in UTS #46: CheckHyphens and VerifyDnsLength. */
    private static final Set<IDNA.Error> IGNORED_IDNA_ERRORS = EnumSet.of(IDNA.Error.LEADING_HYPHEN,
            IDNA.Error.TRAILING_HYPHEN, IDNA.Error.HYPHEN_3_4, IDNA.Error.EMPTY_LABEL, IDNA.Error.LABEL_TOO_LONG,
            IDNA.Error.DOMAIN_NAME_TOO_LONG);
    private static final String FORBIDDEN_HOST = "\0\t\n\r #/:<>?@[\\]^|";

    /** The kinds of host the standard knows. */
    public enum HostKind { DOMAIN, IPV4, IPV6, OPAQUE, EMPTY }

    /**
     * A parsed host. {@link #serialized()} is the standard's host serialisation (IPv6 in brackets); {@link #name()}
     * is the same without brackets, the form DNS, address checks and allow-lists use.
     */
    public static final class Host {
        private final HostKind kind;
        private final String serialized;
        private final byte[] address;

        private Host(HostKind kind, String serialized, byte[] address) {
            this.kind = kind;
            this.serialized = serialized;
            this.address = address;
        }

        public HostKind kind() {
            return kind;
        }

        public String serialized() {
            return serialized;
        }

        public String name() {
            return kind == HostKind.IPV6 ? serialized.substring(1, serialized.length() - 1) : serialized;
        }

        /** The 4 or 16 bytes of an IPv4 or IPv6 host; empty for names. */
        public Optional<byte[]> address() {
            return Optional.ofNullable(address).map(byte[]::clone);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Host host && host.kind == kind && host.serialized.equals(serialized);
        }

        @Override
        public int hashCode() {
            return Objects.hash(kind, serialized);
        }

        @Override
        public String toString() {
            return serialized;
        }
    }

    private final String scheme;
    private final String username;
    private final String password;
    private final Host host;
    private final int port;
    private final List<String> path;
    private final String opaquePath;
    private final String query;
    private final String fragment;

    private WhatwgUrl(Builder url) {
        this.scheme = url.scheme;
        this.username = url.username;
        this.password = url.password;
        this.host = url.host;
        this.port = url.port;
        this.path = url.opaquePath == null ? List.copyOf(url.path) : List.of();
        this.opaquePath = url.opaquePath;
        this.query = url.query;
        this.fragment = url.fragment;
    }

    /** Parses an absolute URL; empty where {@code new URL(input)} throws. */
    public static Optional<WhatwgUrl> parse(String input) {
        return parse(input, null);
    }

    /** Parses {@code input} against {@code base} (may be null), as {@code new URL(input, base)} does. */
    public static Optional<WhatwgUrl> parse(String input, WhatwgUrl base) {
        if (input == null) {
            return Optional.empty();
        }
        Builder url = new Parser(input, base).run();
        return url == null ? Optional.empty() : Optional.of(new WhatwgUrl(url));
    }

    public static boolean isValid(String input) {
        return parse(input).isPresent();
    }

    /** The text of Node's parse failure, as Kibana prints it through {@code String(err)}. */
    public static String failure(String input) {
        return "TypeError: Invalid URL: " + input;
    }

    /**
     * Runs the host parser of a special URL (as for {@code http:}) on a host name alone, such as an
     * {@code xpack.actions.allowedHosts} entry: lower case, punycode, dotted-decimal IPv4. An IPv6 address may come
     * with or without brackets.
     */
    public static Optional<Host> parseHost(String input) {
        if (input == null || input.isEmpty()) {
            return Optional.empty();
        }
        String text = input.indexOf(':') >= 0 && !input.startsWith("[") ? "[" + input + "]" : input;
        return Optional.ofNullable(Parser.host(scalarValues(text), false));
    }

    public String scheme() {
        return scheme;
    }

    /** The scheme followed by {@code :}, as {@code url.protocol}. */
    public String protocol() {
        return scheme + ":";
    }

    public boolean isSpecial() {
        return defaultPort(scheme) != EOF || scheme.equals("file");
    }

    /** The username, percent-encoded as the parser left it. */
    public String username() {
        return username;
    }

    /** The password, percent-encoded as the parser left it. */
    public String password() {
        return password;
    }

    public boolean includesCredentials() {
        return !username.isEmpty() || !password.isEmpty();
    }

    /** The host; empty for URLs without one ({@code mailto:ops@example.com}). */
    public Optional<Host> host() {
        return Optional.ofNullable(host);
    }

    /** As {@code url.hostname}: the serialised host (IPv6 in brackets), or empty text. */
    public String hostname() {
        return host == null ? "" : host.serialized();
    }

    /** The port, or -1 when the URL has none or names its scheme's default. */
    public int port() {
        return port;
    }

    /** The port, or the scheme's default (-1 when it has none). */
    public int effectivePort() {
        return port >= 0 ? port : defaultPort(scheme);
    }

    /** As {@code url.pathname}. */
    public String pathname() {
        if (opaquePath != null) {
            return opaquePath;
        }
        StringBuilder out = new StringBuilder();
        for (String segment : path) {
            out.append('/').append(segment);
        }
        return out.toString();
    }

    /** As {@code url.search}: {@code ?} and the query, or empty text when the query is null or empty. */
    public String search() {
        return query == null || query.isEmpty() ? "" : "?" + query;
    }

    /** As {@code url.hash}. */
    public String hash() {
        return fragment == null || fragment.isEmpty() ? "" : "#" + fragment;
    }

    /** The standard's serialisation, userinfo included: for sending, never for printing. */
    public String href() {
        return serialize(true);
    }

    /** The serialisation without userinfo: safe to print as far as credentials go. */
    @Override
    public String toString() {
        return serialize(false);
    }

    private String serialize(boolean withCredentials) {
        StringBuilder out = new StringBuilder(scheme).append(':');
        if (host != null) {
            out.append("//");
            if (withCredentials && includesCredentials()) {
                out.append(username);
                if (!password.isEmpty()) {
                    out.append(':').append(password);
                }
                out.append('@');
            }
            out.append(host.serialized());
            if (port >= 0) {
                out.append(':').append(port);
            }
        }
        if (host == null && opaquePath == null && path.size() > 1 && path.get(0).isEmpty()) {
            out.append("/.");
        }
        out.append(pathname());
        if (query != null) {
            out.append('?').append(query);
        }
        if (fragment != null) {
            out.append('#').append(fragment);
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WhatwgUrl url && url.href().equals(href());
    }

    @Override
    public int hashCode() {
        return href().hashCode();
    }

    private static int defaultPort(String scheme) {
        return switch (scheme) {
            case "http", "ws" -> 80;
            case "https", "wss" -> 443;
            case "ftp" -> 21;
            default -> EOF;
        };
    }

    /** The code points of a JavaScript string as a URL receives them: lone surrogates become U+FFFD. */
    private static int[] scalarValues(String input) {
        return input.codePoints().map(c -> c >= 0xD800 && c <= 0xDFFF ? 0xFFFD : c).toArray();
    }

    /** The record the state machine fills in. */
    private static final class Builder {
        String scheme = "";
        String username = "";
        String password = "";
        Host host;
        int port = EOF;
        List<String> path = new ArrayList<>();
        String opaquePath;
        String query;
        String fragment;

        boolean isSpecial() {
            return defaultPort(scheme) != EOF || scheme.equals("file");
        }

        void copyAuthority(WhatwgUrl base) {
            username = base.username;
            password = base.password;
            host = base.host;
            port = base.port;
        }

        void shortenPath() {
            if (scheme.equals("file") && path.size() == 1 && isNormalizedDriveLetter(path.get(0))) {
                return;
            }
            if (!path.isEmpty()) {
                path.remove(path.size() - 1);
            }
        }
    }

    private enum State {
        SCHEME_START, SCHEME, NO_SCHEME, SPECIAL_RELATIVE_OR_AUTHORITY, PATH_OR_AUTHORITY, RELATIVE, RELATIVE_SLASH,
        SPECIAL_AUTHORITY_SLASHES, SPECIAL_AUTHORITY_IGNORE_SLASHES, AUTHORITY, HOST, PORT, FILE, FILE_SLASH,
        FILE_HOST, PATH_START, PATH, OPAQUE_PATH, QUERY, FRAGMENT
    }

    /** The basic URL parser of the standard (section 4.4), without state override: one run per input. */
    private static final class Parser {
        private final int[] input;
        private final WhatwgUrl base;
        private final Builder url = new Builder();
        private final StringBuilder buffer = new StringBuilder();
        private int pointer;
        private boolean atSignSeen;
        private boolean insideBrackets;
        private boolean passwordTokenSeen;

        Parser(String text, WhatwgUrl base) {
            this.input = preprocess(scalarValues(text));
            this.base = base;
        }

        /** Removes leading and trailing C0 controls and spaces, then every tab and newline. */
        private static int[] preprocess(int[] raw) {
            int start = 0;
            int end = raw.length;
            while (start < end && raw[start] <= 0x20) {
                start++;
            }
            while (end > start && raw[end - 1] <= 0x20) {
                end--;
            }
            int[] kept = new int[end - start];
            int length = 0;
            for (int i = start; i < end; i++) {
                if (raw[i] != '\t' && raw[i] != '\n' && raw[i] != '\r') {
                    kept[length++] = raw[i];
                }
            }
            return java.util.Arrays.copyOf(kept, length);
        }

        private int at(int index) {
            return index >= 0 && index < input.length ? input[index] : EOF;
        }

        private boolean remainingStartsWith(char c) {
            return at(pointer + 1) == c;
        }

        /** The filled-in record, or null for failure. */
        Builder run() {
            State state = State.SCHEME_START;
            while (true) {
                int c = at(pointer);
                state = step(state, c);
                if (state == null) {
                    return null;
                }
                if (pointer >= input.length) {
                    return url;
                }
                pointer++;
            }
        }

        /** One run of the state machine on {@code c}; returns the next state, or null for failure. */
        private State step(State state, int c) {
            boolean special = url.isSpecial();
            switch (state) {
                case SCHEME_START -> {
                    if (isAsciiAlpha(c)) {
                        buffer.appendCodePoint(Character.toLowerCase(c));
                        return State.SCHEME;
                    }
                    pointer--;
                    return State.NO_SCHEME;
                }
                case SCHEME -> {
                    if (isAsciiAlphanumeric(c) || c == '+' || c == '-' || c == '.') {
                        buffer.appendCodePoint(Character.toLowerCase(c));
                        return State.SCHEME;
                    }
                    if (c == ':') {
                        url.scheme = buffer.toString();
                        buffer.setLength(0);
                        if (url.scheme.equals("file")) {
                            return State.FILE;
                        }
                        if (url.isSpecial() && base != null && base.scheme.equals(url.scheme)) {
                            return State.SPECIAL_RELATIVE_OR_AUTHORITY;
                        }
                        if (url.isSpecial()) {
                            return State.SPECIAL_AUTHORITY_SLASHES;
                        }
                        if (remainingStartsWith('/')) {
                            pointer++;
                            return State.PATH_OR_AUTHORITY;
                        }
                        url.opaquePath = "";
                        return State.OPAQUE_PATH;
                    }
                    buffer.setLength(0);
                    pointer = -1;
                    return State.NO_SCHEME;
                }
                case NO_SCHEME -> {
                    if (base == null || (base.opaquePath != null && c != '#')) {
                        return null;
                    }
                    if (base.opaquePath != null) {
                        url.scheme = base.scheme;
                        url.opaquePath = base.opaquePath;
                        url.query = base.query;
                        url.fragment = "";
                        return State.FRAGMENT;
                    }
                    pointer--;
                    return base.scheme.equals("file") ? State.FILE : State.RELATIVE;
                }
                case SPECIAL_RELATIVE_OR_AUTHORITY -> {
                    if (c == '/' && remainingStartsWith('/')) {
                        pointer++;
                        return State.SPECIAL_AUTHORITY_IGNORE_SLASHES;
                    }
                    pointer--;
                    return State.RELATIVE;
                }
                case PATH_OR_AUTHORITY -> {
                    if (c == '/') {
                        return State.AUTHORITY;
                    }
                    pointer--;
                    return State.PATH;
                }
                case RELATIVE -> {
                    url.scheme = base.scheme;
                    if (c == '/' || (url.isSpecial() && c == '\\')) {
                        return State.RELATIVE_SLASH;
                    }
                    url.copyAuthority(base);
                    url.path = new ArrayList<>(base.path);
                    url.query = base.query;
                    if (c == '?') {
                        url.query = "";
                        return State.QUERY;
                    }
                    if (c == '#') {
                        url.fragment = "";
                        return State.FRAGMENT;
                    }
                    if (c != EOF) {
                        url.query = null;
                        url.shortenPath();
                        pointer--;
                        return State.PATH;
                    }
                    return State.RELATIVE;
                }
                case RELATIVE_SLASH -> {
                    if (special && (c == '/' || c == '\\')) {
                        return State.SPECIAL_AUTHORITY_IGNORE_SLASHES;
                    }
                    if (c == '/') {
                        return State.AUTHORITY;
                    }
                    url.copyAuthority(base);
                    pointer--;
                    return State.PATH;
                }
                case SPECIAL_AUTHORITY_SLASHES -> {
                    if (c == '/' && remainingStartsWith('/')) {
                        pointer++;
                    } else {
                        pointer--;
                    }
                    return State.SPECIAL_AUTHORITY_IGNORE_SLASHES;
                }
                case SPECIAL_AUTHORITY_IGNORE_SLASHES -> {
                    if (c != '/' && c != '\\') {
                        pointer--;
                        return State.AUTHORITY;
                    }
                    return State.SPECIAL_AUTHORITY_IGNORE_SLASHES;
                }
                case AUTHORITY -> {
                    return authority(c, special);
                }
                case HOST -> {
                    return host(c, special);
                }
                case PORT -> {
                    return port(c, special);
                }
                case FILE -> {
                    return file(c);
                }
                case FILE_SLASH -> {
                    if (c == '/' || c == '\\') {
                        return State.FILE_HOST;
                    }
                    if (base != null && base.scheme.equals("file")) {
                        url.host = base.host;
                        if (!startsWithDriveLetter(pointer) && !base.path.isEmpty()
                                && isNormalizedDriveLetter(base.path.get(0))) {
                            url.path.add(base.path.get(0));
                        }
                    }
                    pointer--;
                    return State.PATH;
                }
                case FILE_HOST -> {
                    return fileHost(c);
                }
                case PATH_START -> {
                    if (special) {
                        if (c != '/' && c != '\\') {
                            pointer--;
                        }
                        return State.PATH;
                    }
                    if (c == '?') {
                        url.query = "";
                        return State.QUERY;
                    }
                    if (c == '#') {
                        url.fragment = "";
                        return State.FRAGMENT;
                    }
                    if (c != EOF) {
                        if (c != '/') {
                            pointer--;
                        }
                        return State.PATH;
                    }
                    return State.PATH_START;
                }
                case PATH -> {
                    return path(c, special);
                }
                case OPAQUE_PATH -> {
                    if (c == '?') {
                        url.query = "";
                        return State.QUERY;
                    }
                    if (c == '#') {
                        url.fragment = "";
                        return State.FRAGMENT;
                    }
                    if (c != EOF) {
                        url.opaquePath += percentEncode(c, PercentEncodeSet.C0_CONTROL);
                    }
                    return State.OPAQUE_PATH;
                }
                case QUERY -> {
                    if (c == '#' || c == EOF) {
                        PercentEncodeSet set = special ? PercentEncodeSet.SPECIAL_QUERY : PercentEncodeSet.QUERY;
                        StringBuilder encoded = new StringBuilder(url.query);
                        buffer.codePoints().forEach(point -> encoded.append(percentEncode(point, set)));
                        url.query = encoded.toString();
                        buffer.setLength(0);
                        if (c == '#') {
                            url.fragment = "";
                            return State.FRAGMENT;
                        }
                        return State.QUERY;
                    }
                    buffer.appendCodePoint(c);
                    return State.QUERY;
                }
                case FRAGMENT -> {
                    if (c != EOF) {
                        url.fragment += percentEncode(c, PercentEncodeSet.FRAGMENT);
                    }
                    return State.FRAGMENT;
                }
                default -> throw new IllegalStateException(state.name());
            }
        }

        private State authority(int c, boolean special) {
            if (c == '@') {
                if (atSignSeen) {
                    buffer.insert(0, "%40");
                }
                atSignSeen = true;
                StringBuilder user = new StringBuilder(url.username);
                StringBuilder pass = new StringBuilder(url.password);
                buffer.codePoints().forEach(point -> {
                    if (point == ':' && !passwordTokenSeen) {
                        passwordTokenSeen = true;
                        return;
                    }
                    (passwordTokenSeen ? pass : user).append(percentEncode(point, PercentEncodeSet.USERINFO));
                });
                url.username = user.toString();
                url.password = pass.toString();
                buffer.setLength(0);
                return State.AUTHORITY;
            }
            if (c == EOF || c == '/' || c == '?' || c == '#' || (special && c == '\\')) {
                if (atSignSeen && buffer.isEmpty()) {
                    return null;
                }
                pointer -= buffer.codePointCount(0, buffer.length()) + 1;
                buffer.setLength(0);
                return State.HOST;
            }
            buffer.appendCodePoint(c);
            return State.AUTHORITY;
        }

        private State host(int c, boolean special) {
            if (c == ':' && !insideBrackets) {
                if (buffer.isEmpty()) {
                    return null;
                }
                Host parsed = host(scalarValues(buffer.toString()), !special);
                if (parsed == null) {
                    return null;
                }
                url.host = parsed;
                buffer.setLength(0);
                return State.PORT;
            }
            if (c == EOF || c == '/' || c == '?' || c == '#' || (special && c == '\\')) {
                pointer--;
                if (special && buffer.isEmpty()) {
                    return null;
                }
                Host parsed = host(scalarValues(buffer.toString()), !special);
                if (parsed == null) {
                    return null;
                }
                url.host = parsed;
                buffer.setLength(0);
                return State.PATH_START;
            }
            if (c == '[') {
                insideBrackets = true;
            } else if (c == ']') {
                insideBrackets = false;
            }
            buffer.appendCodePoint(c);
            return State.HOST;
        }

        private State port(int c, boolean special) {
            if (isAsciiDigit(c)) {
                buffer.appendCodePoint(c);
                return State.PORT;
            }
            if (c == EOF || c == '/' || c == '?' || c == '#' || (special && c == '\\')) {
                if (!buffer.isEmpty()) {
                    String digits = buffer.toString().replaceFirst("^0+(?=.)", "");
                    if (digits.length() > 5 || Integer.parseInt(digits) > 65535) {
                        return null;
                    }
                    int port = Integer.parseInt(digits);
                    url.port = port == defaultPort(url.scheme) ? EOF : port;
                    buffer.setLength(0);
                }
                pointer--;
                return State.PATH_START;
            }
            return null;
        }

        private State file(int c) {
            url.scheme = "file";
            url.host = new Host(HostKind.EMPTY, "", null);
            if (c == '/' || c == '\\') {
                return State.FILE_SLASH;
            }
            if (base != null && base.scheme.equals("file")) {
                url.host = base.host;
                url.path = new ArrayList<>(base.path);
                url.query = base.query;
                if (c == '?') {
                    url.query = "";
                    return State.QUERY;
                }
                if (c == '#') {
                    url.fragment = "";
                    return State.FRAGMENT;
                }
                if (c != EOF) {
                    url.query = null;
                    if (!startsWithDriveLetter(pointer)) {
                        url.shortenPath();
                    } else {
                        url.path = new ArrayList<>();
                    }
                    pointer--;
                    return State.PATH;
                }
                return State.FILE;
            }
            pointer--;
            return State.PATH;
        }

        private State fileHost(int c) {
            if (c == EOF || c == '/' || c == '\\' || c == '?' || c == '#') {
                pointer--;
                String text = buffer.toString();
                if (isDriveLetter(text)) {
                    return State.PATH;
                }
                if (text.isEmpty()) {
                    url.host = new Host(HostKind.EMPTY, "", null);
                    return State.PATH_START;
                }
                Host parsed = host(scalarValues(text), false);
                if (parsed == null) {
                    return null;
                }
                url.host = parsed.serialized().equals("localhost") ? new Host(HostKind.EMPTY, "", null) : parsed;
                buffer.setLength(0);
                return State.PATH_START;
            }
            buffer.appendCodePoint(c);
            return State.FILE_HOST;
        }

        private State path(int c, boolean special) {
            boolean slash = c == '/' || (special && c == '\\');
            if (c == EOF || slash || c == '?' || c == '#') {
                String segment = buffer.toString();
                if (isDoubleDot(segment)) {
                    url.shortenPath();
                    if (!slash) {
                        url.path.add("");
                    }
                } else if (isSingleDot(segment) && !slash) {
                    url.path.add("");
                } else if (!isSingleDot(segment)) {
                    if (url.scheme.equals("file") && url.path.isEmpty() && isDriveLetter(segment)) {
                        segment = segment.charAt(0) + ":";
                    }
                    url.path.add(segment);
                }
                buffer.setLength(0);
                if (c == '?') {
                    url.query = "";
                    return State.QUERY;
                }
                if (c == '#') {
                    url.fragment = "";
                    return State.FRAGMENT;
                }
                return State.PATH;
            }
            buffer.append(percentEncode(c, PercentEncodeSet.PATH));
            return State.PATH;
        }

        private boolean startsWithDriveLetter(int from) {
            int length = input.length - from;
            if (length < 2 || !isAsciiAlpha(at(from)) || (at(from + 1) != ':' && at(from + 1) != '|')) {
                return false;
            }
            int third = at(from + 2);
            return length == 2 || third == '/' || third == '\\' || third == '?' || third == '#';
        }

        /** The host parser (section 3.5); null for failure. */
        static Host host(int[] input, boolean isOpaque) {
            if (input.length > 0 && input[0] == '[') {
                if (input[input.length - 1] != ']') {
                    return null;
                }
                int[] inside = java.util.Arrays.copyOfRange(input, 1, input.length - 1);
                int[] pieces = ipv6(inside);
                return pieces == null ? null : new Host(HostKind.IPV6, "[" + serializeIpv6(pieces) + "]",
                        ipv6Bytes(pieces));
            }
            if (isOpaque) {
                return opaqueHost(input);
            }
            String domain = percentDecodeToUtf8(new String(input, 0, input.length));
            String ascii = domainToAscii(domain);
            if (ascii == null) {
                return null;
            }
            for (int i = 0; i < ascii.length(); i++) {
                char ch = ascii.charAt(i);
                if (ch <= 0x1F || ch == '%' || ch == 0x7F || FORBIDDEN_HOST.indexOf(ch) >= 0) {
                    return null;
                }
            }
            if (endsInANumber(ascii)) {
                Long ipv4 = ipv4(ascii);
                if (ipv4 == null) {
                    return null;
                }
                long n = ipv4;
                byte[] bytes = {(byte) (n >> 24), (byte) (n >> 16), (byte) (n >> 8), (byte) n};
                return new Host(HostKind.IPV4, (n >> 24 & 0xff) + "." + (n >> 16 & 0xff) + "." + (n >> 8 & 0xff)
                        + "." + (n & 0xff), bytes);
            }
            return new Host(HostKind.DOMAIN, ascii, null);
        }

        private static Host opaqueHost(int[] input) {
            StringBuilder out = new StringBuilder();
            for (int c : input) {
                if (c < 0x80 && FORBIDDEN_HOST.indexOf(c) >= 0) {
                    return null;
                }
                out.append(percentEncode(c, PercentEncodeSet.C0_CONTROL));
            }
            return new Host(out.isEmpty() ? HostKind.EMPTY : HostKind.OPAQUE, out.toString(), null);
        }

        /** UTS #46 ToASCII with the standard's options (beStrict false); null for failure. */
        private static String domainToAscii(String domain) {
            boolean ascii = domain.chars().allMatch(ch -> ch < 0x80);
            String result;
            if (ascii && !hasPunycodeLabel(domain)) {
                result = domain.toLowerCase(Locale.ROOT);
            } else {
                IDNA.Info info = new IDNA.Info();
                StringBuilder out = new StringBuilder();
                UTS46.nameToASCII(domain, out, info);
                Set<IDNA.Error> errors = EnumSet.noneOf(IDNA.Error.class);
                errors.addAll(info.getErrors());
                errors.removeAll(IGNORED_IDNA_ERRORS);
                if (!errors.isEmpty()) {
                    return null;
                }
                result = out.toString();
            }
            return result.isEmpty() ? null : result;
        }

        private static boolean hasPunycodeLabel(String domain) {
            for (String label : domain.split("\\.", -1)) {
                if (label.regionMatches(true, 0, "xn--", 0, 4)) {
                    return true;
                }
            }
            return false;
        }

        private static boolean endsInANumber(String host) {
            List<String> parts = new ArrayList<>(List.of(host.split("\\.", -1)));
            if (parts.get(parts.size() - 1).isEmpty()) {
                if (parts.size() == 1) {
                    return false;
                }
                parts.remove(parts.size() - 1);
            }
            String last = parts.get(parts.size() - 1);
            if (!last.isEmpty() && last.chars().allMatch(WhatwgUrl::isAsciiDigit)) {
                return true;
            }
            return ipv4Number(last) != null;
        }

        /** The IPv4 parser; null for failure. */
        private static Long ipv4(String host) {
            List<String> parts = new ArrayList<>(List.of(host.split("\\.", -1)));
            if (parts.get(parts.size() - 1).isEmpty() && parts.size() > 1) {
                parts.remove(parts.size() - 1);
            }
            if (parts.size() > 4) {
                return null;
            }
            long[] numbers = new long[parts.size()];
            for (int i = 0; i < numbers.length; i++) {
                Long number = ipv4Number(parts.get(i));
                if (number == null) {
                    return null;
                }
                numbers[i] = number;
            }
            for (int i = 0; i < numbers.length - 1; i++) {
                if (numbers[i] > 255) {
                    return null;
                }
            }
            long last = numbers[numbers.length - 1];
            if (last >= 1L << (8 * (5 - numbers.length))) {
                return null;
            }
            long ipv4 = last;
            for (int i = 0; i < numbers.length - 1; i++) {
                ipv4 += numbers[i] << (8 * (3 - i));
            }
            return ipv4;
        }

        /** The IPv4 number parser: decimal, {@code 0x} hex or {@code 0} octal; capped above 2^40; null for failure. */
        private static Long ipv4Number(String part) {
            if (part.isEmpty()) {
                return null;
            }
            int radix = 10;
            String digits = part;
            if (part.length() >= 2 && (part.startsWith("0x") || part.startsWith("0X"))) {
                radix = 16;
                digits = part.substring(2);
            } else if (part.length() >= 2 && part.charAt(0) == '0') {
                radix = 8;
                digits = part.substring(1);
            }
            long value = 0;
            for (int i = 0; i < digits.length(); i++) {
                int digit = Character.digit(digits.charAt(i), radix);
                if (digit < 0 || digits.charAt(i) > 0x7F) {
                    return null;
                }
                value = Math.min(value * radix + digit, 1L << 40);
            }
            return value;
        }

        /** The IPv6 parser; the eight pieces, or null for failure. */
        private static int[] ipv6(int[] input) {
            int[] address = new int[8];
            int pieceIndex = 0;
            int compress = -1;
            int p = 0;
            if (at(input, p) == ':') {
                if (at(input, p + 1) != ':') {
                    return null;
                }
                p += 2;
                pieceIndex++;
                compress = pieceIndex;
            }
            while (at(input, p) != EOF) {
                if (pieceIndex == 8) {
                    return null;
                }
                if (at(input, p) == ':') {
                    if (compress != -1) {
                        return null;
                    }
                    p++;
                    pieceIndex++;
                    compress = pieceIndex;
                    continue;
                }
                int value = 0;
                int length = 0;
                while (length < 4 && isAsciiHexDigit(at(input, p))) {
                    value = value * 0x10 + Character.digit(at(input, p), 16);
                    p++;
                    length++;
                }
                if (at(input, p) == '.') {
                    if (length == 0) {
                        return null;
                    }
                    p -= length;
                    if (pieceIndex > 6) {
                        return null;
                    }
                    int numbersSeen = 0;
                    while (at(input, p) != EOF) {
                        int ipv4Piece = -1;
                        if (numbersSeen > 0) {
                            if (at(input, p) == '.' && numbersSeen < 4) {
                                p++;
                            } else {
                                return null;
                            }
                        }
                        if (!isAsciiDigit(at(input, p))) {
                            return null;
                        }
                        while (isAsciiDigit(at(input, p))) {
                            int number = at(input, p) - '0';
                            if (ipv4Piece == -1) {
                                ipv4Piece = number;
                            } else if (ipv4Piece == 0) {
                                return null;
                            } else {
                                ipv4Piece = ipv4Piece * 10 + number;
                            }
                            if (ipv4Piece > 255) {
                                return null;
                            }
                            p++;
                        }
                        address[pieceIndex] = address[pieceIndex] * 0x100 + ipv4Piece;
                        numbersSeen++;
                        if (numbersSeen == 2 || numbersSeen == 4) {
                            pieceIndex++;
                        }
                    }
                    if (numbersSeen != 4) {
                        return null;
                    }
                    break;
                } else if (at(input, p) == ':') {
                    p++;
                    if (at(input, p) == EOF) {
                        return null;
                    }
                } else if (at(input, p) != EOF) {
                    return null;
                }
                address[pieceIndex] = value;
                pieceIndex++;
            }
            if (compress != -1) {
                int swaps = pieceIndex - compress;
                pieceIndex = 7;
                while (pieceIndex != 0 && swaps > 0) {
                    int swapped = address[pieceIndex];
                    address[pieceIndex] = address[compress + swaps - 1];
                    address[compress + swaps - 1] = swapped;
                    pieceIndex--;
                    swaps--;
                }
            } else if (pieceIndex != 8) {
                return null;
            }
            return address;
        }

        private static int at(int[] input, int index) {
            return index >= 0 && index < input.length ? input[index] : EOF;
        }

        private static String serializeIpv6(int[] address) {
            int compress = -1;
            int longest = 1;
            for (int i = 0; i < 8; ) {
                if (address[i] != 0) {
                    i++;
                    continue;
                }
                int start = i;
                while (i < 8 && address[i] == 0) {
                    i++;
                }
                if (i - start > longest) {
                    longest = i - start;
                    compress = start;
                }
            }
            StringBuilder out = new StringBuilder();
            boolean ignore0 = false;
            for (int i = 0; i < 8; i++) {
                if (ignore0 && address[i] == 0) {
                    continue;
                }
                ignore0 = false;
                if (compress == i) {
                    out.append(i == 0 ? "::" : ":");
                    ignore0 = true;
                    continue;
                }
                out.append(Integer.toHexString(address[i]));
                if (i != 7) {
                    out.append(':');
                }
            }
            return out.toString();
        }

        private static byte[] ipv6Bytes(int[] pieces) {
            byte[] bytes = new byte[16];
            for (int i = 0; i < 8; i++) {
                bytes[2 * i] = (byte) (pieces[i] >> 8);
                bytes[2 * i + 1] = (byte) pieces[i];
            }
            return bytes;
        }
    }

    /** The percent-encode sets of the standard (section 1.3). */
    private enum PercentEncodeSet {
        C0_CONTROL(""),
        FRAGMENT(" \"<>`"),
        QUERY(" \"#<>"),
        SPECIAL_QUERY(" \"#<>'"),
        PATH(" \"#<>?`{}"),
        USERINFO(" \"#<>?`{}/:;=@[\\]^|");

        private final String extra;

        PercentEncodeSet(String extra) {
            this.extra = extra;
        }

        boolean contains(int b) {
            return b < 0x20 || b > 0x7E || extra.indexOf(b) >= 0;
        }
    }

    /** UTF-8 percent-encodes one code point. */
    private static String percentEncode(int c, PercentEncodeSet set) {
        if (c < 0x80) {
            return set.contains(c) ? "%" + hex(c) : String.valueOf((char) c);
        }
        StringBuilder out = new StringBuilder(12);
        for (byte b : new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8)) {
            out.append('%').append(hex(b & 0xFF));
        }
        return out.toString();
    }

    private static String hex(int b) {
        return String.valueOf(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                + Character.toUpperCase(Character.forDigit(b & 0xF, 16));
    }

    /** Percent-decodes to bytes (malformed escapes kept as they are) and reads them as UTF-8 with replacement. */
    private static String percentDecodeToUtf8(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == '%' && i + 2 < bytes.length && isAsciiHexDigit(bytes[i + 1]) && isAsciiHexDigit(bytes[i + 2])) {
                out.write(Character.digit(bytes[i + 1], 16) * 16 + Character.digit(bytes[i + 2], 16));
                i += 2;
            } else {
                out.write(b);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isDriveLetter(String text) {
        return text.length() == 2 && isAsciiAlpha(text.charAt(0)) && (text.charAt(1) == ':' || text.charAt(1) == '|');
    }

    private static boolean isNormalizedDriveLetter(String text) {
        return isDriveLetter(text) && text.charAt(1) == ':';
    }

    private static boolean isSingleDot(String segment) {
        return segment.equals(".") || segment.equalsIgnoreCase("%2e");
    }

    private static boolean isDoubleDot(String segment) {
        return switch (segment.toLowerCase(Locale.ROOT)) {
            case "..", ".%2e", "%2e.", "%2e%2e" -> true;
            default -> false;
        };
    }

    private static boolean isAsciiAlpha(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isAsciiDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAsciiAlphanumeric(int c) {
        return isAsciiAlpha(c) || isAsciiDigit(c);
    }

    private static boolean isAsciiHexDigit(int c) {
        return isAsciiDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
