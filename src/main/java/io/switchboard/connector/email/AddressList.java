package io.switchboard.connector.email;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A parser for RFC 5322 address lists in the lenient form Kibana uses (the {@code email-addresses} package with its
 * defaults: obsolete syntax accepted, ASCII only, single-label domains allowed). One entry of a connector's address
 * field may itself be a list ({@code "a@x.org, Team: b@y.org;"}), so the result is every mailbox's domain, group
 * members included.
 */
final class AddressList {

    private static final String ATEXT_SPECIALS = "!#$%&'*+-/=?^_`{|}~";

    private final String input;
    private int pos;
    private final List<String> domains = new ArrayList<>();

    private AddressList(String input) {
        this.input = input;
    }

    /** The domains of the mailboxes in {@code input}, or empty when it is not an address list. */
    static Optional<List<String>> domains(String input) {
        AddressList parser = new AddressList(input);
        return parser.addressList() && parser.pos == input.length()
                ? Optional.of(List.copyOf(parser.domains))
                : Optional.empty();
    }

    // address-list = *([CFWS] ",") address *("," [address / CFWS])   (obs-addr-list, a superset of the strict form)
    private boolean addressList() {
        skipEmptyEntries();
        if (!address()) {
            return false;
        }
        while (eat(',')) {
            if (!attempt(this::address)) {
                cfws();
            }
        }
        return true;
    }

    /** Leading empty list entries, which the obsolete list syntax allows: {@code ", , a@x.org"}. */
    private void skipEmptyEntries() {
        while (true) {
            int start = pos;
            cfws();
            if (!eat(',')) {
                pos = start;
                return;
            }
        }
    }

    private boolean address() {
        return attempt(this::mailbox) || attempt(this::group);
    }

    // group = display-name ":" [group-list] ";" [CFWS]
    private boolean group() {
        if (!phrase() || !eat(':')) {
            return false;
        }
        if (!attempt(this::mailboxList)) {
            cfws();
        }
        if (!eat(';')) {
            return false;
        }
        cfws();
        return true;
    }

    // mailbox-list = *([CFWS] ",") mailbox *("," [mailbox / CFWS])   (obs-mbox-list)
    private boolean mailboxList() {
        skipEmptyEntries();
        if (!mailbox()) {
            return false;
        }
        while (eat(',')) {
            if (!attempt(this::mailbox)) {
                cfws();
            }
        }
        return true;
    }

    private boolean mailbox() {
        return attempt(this::nameAddr) || attempt(this::addrSpec);
    }

    // name-addr = [display-name] angle-addr
    private boolean nameAddr() {
        attempt(this::phrase);
        return angleAddr();
    }

    // angle-addr = [CFWS] "<" addr-spec ">" [CFWS]
    private boolean angleAddr() {
        cfws();
        if (!eat('<') || !addrSpec() || !eat('>')) {
            return false;
        }
        cfws();
        return true;
    }

    // addr-spec = local-part "@" domain
    private boolean addrSpec() {
        if (!localPart() || !eat('@')) {
            return false;
        }
        StringBuilder domain = new StringBuilder();
        if (!domain(domain)) {
            return false;
        }
        domains.add(domain.toString());
        return true;
    }

    // local-part = dot-atom / quoted-string / obs-local-part, all covered by: word *("." word)
    private boolean localPart() {
        if (!word(null)) {
            return false;
        }
        while (true) {
            int start = pos;
            if (!eat('.') || !word(null)) {
                pos = start;
                return true;
            }
        }
    }

    // domain = dot-atom / domain-literal / obs-domain, the first and last covered by: atom *("." atom)
    private boolean domain(StringBuilder text) {
        int start = pos;
        cfws();
        if (peek() == '[') {
            int literalStart = pos;
            if (domainLiteral()) {
                text.append(input, literalStart, pos);
                cfws();
                return true;
            }
            pos = start;
            return false;
        }
        pos = start;
        if (!atom(text)) {
            return false;
        }
        while (true) {
            int before = pos;
            if (!eat('.')) {
                return true;
            }
            StringBuilder label = new StringBuilder();
            if (!atom(label)) {
                pos = before;
                return true;
            }
            text.append('.').append(label);
        }
    }

    // domain-literal = "[" *([FWS] dtext) [FWS] "]"
    private boolean domainLiteral() {
        if (!eat('[')) {
            return false;
        }
        while (pos < input.length()) {
            char c = input.charAt(pos);
            if (c == ']') {
                pos++;
                return true;
            }
            if (c == '[' || c == '\\' || !(isVisible(c) || isWhitespace(c))) {
                return false;
            }
            pos++;
        }
        return false;
    }

    // phrase = 1*word / obs-phrase (word *(word / "." / CFWS))
    private boolean phrase() {
        if (!word(null)) {
            return false;
        }
        while (true) {
            int start = pos;
            if (word(null)) {
                continue;
            }
            pos = start;
            if (eat('.')) {
                continue;
            }
            cfws();
            if (pos == start) {
                return true;
            }
        }
    }

    // word = atom / quoted-string
    private boolean word(StringBuilder text) {
        return attempt(() -> atom(text)) || attempt(this::quotedString);
    }

    // atom = [CFWS] 1*atext [CFWS]
    private boolean atom(StringBuilder text) {
        cfws();
        int start = pos;
        while (pos < input.length() && isAtext(input.charAt(pos))) {
            pos++;
        }
        if (pos == start) {
            return false;
        }
        if (text != null) {
            text.append(input, start, pos);
        }
        cfws();
        return true;
    }

    // quoted-string = [CFWS] DQUOTE *([FWS] qcontent) [FWS] DQUOTE [CFWS]
    private boolean quotedString() {
        cfws();
        if (!eat('"')) {
            return false;
        }
        while (pos < input.length()) {
            char c = input.charAt(pos);
            if (c == '"') {
                pos++;
                cfws();
                return true;
            }
            if (c == '\\') {
                if (pos + 1 >= input.length() || input.charAt(pos + 1) > 127) {
                    return false;
                }
                pos += 2;
            } else if (isVisible(c) || isWhitespace(c)) {
                pos++;
            } else {
                return false;
            }
        }
        return false;
    }

    // CFWS: folding white space and (nested) comments; consumes nothing when there is none
    private void cfws() {
        while (pos < input.length()) {
            char c = input.charAt(pos);
            if (isWhitespace(c)) {
                pos++;
            } else if (c == '(') {
                int start = pos;
                if (!comment()) {
                    pos = start;
                    return;
                }
            } else {
                return;
            }
        }
    }

    private boolean comment() {
        if (!eat('(')) {
            return false;
        }
        while (pos < input.length()) {
            char c = input.charAt(pos);
            if (c == ')') {
                pos++;
                return true;
            }
            if (c == '(') {
                if (!comment()) {
                    return false;
                }
            } else if (c == '\\') {
                if (pos + 1 >= input.length() || input.charAt(pos + 1) > 127) {
                    return false;
                }
                pos += 2;
            } else if (isVisible(c) || isWhitespace(c)) {
                pos++;
            } else {
                return false;
            }
        }
        return false;
    }

    /** Runs a rule, restoring the position and the collected domains when it fails. */
    private boolean attempt(Rule rule) {
        int start = pos;
        int collected = domains.size();
        if (rule.match()) {
            return true;
        }
        pos = start;
        domains.subList(collected, domains.size()).clear();
        return false;
    }

    private boolean eat(char c) {
        if (peek() == c) {
            pos++;
            return true;
        }
        return false;
    }

    private char peek() {
        return pos < input.length() ? input.charAt(pos) : '\0';
    }

    private static boolean isAtext(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || ATEXT_SPECIALS.indexOf(c) >= 0;
    }

    private static boolean isVisible(char c) {
        return c >= 33 && c <= 126;
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    @FunctionalInterface
    private interface Rule {
        boolean match();
    }
}
