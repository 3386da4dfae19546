package io.switchboard.connector.email;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code xpack.actions.email.domain_allowlist} applied to addresses, with Kibana's messages. Without the setting
 * nothing is checked, not even syntax, as in Kibana.
 */
final class EmailAllowlist {

    // Kibana's /\{\{(.|\n)*}}/: JavaScript's dot with a line feed is any character but \r, U+2028 and U+2029. A
    // character class, unlike the alternation, needs no stack per character, so long addresses cannot overflow it.
    private static final Pattern MUSTACHE = Pattern.compile("\\{\\{[^\r\u2028\u2029]*}}");

    private EmailAllowlist() {
    }

    /** Whether an address holds a mustache template, which can only be checked once rendered. */
    static boolean hasMustacheTemplate(String address) {
        return MUSTACHE.matcher(address).find();
    }

    /**
     * {@code not valid emails: a, b; not allowed emails: c}, or {@code null} when every address is acceptable.
     * Domains are compared exactly, as Kibana does.
     *
     * @param skipTemplates accept addresses holding a mustache template (checked again at execution)
     */
    static String check(Optional<List<String>> allowedDomains, List<String> addresses, boolean skipTemplates) {
        if (allowedDomains.isEmpty()) {
            return null;
        }
        List<String> invalid = new ArrayList<>();
        List<String> notAllowed = new ArrayList<>();
        for (String address : addresses) {
            if (skipTemplates && hasMustacheTemplate(address)) {
                continue;
            }
            Optional<List<String>> domains = AddressList.domains(address);
            if (domains.isEmpty()) {
                invalid.add(address);
            } else if (!allowedDomains.get().containsAll(domains.get())) {
                notAllowed.add(address);
            }
        }
        List<String> messages = new ArrayList<>(2);
        if (!invalid.isEmpty()) {
            messages.add("not valid emails: " + String.join(", ", invalid));
        }
        if (!notAllowed.isEmpty()) {
            messages.add("not allowed emails: " + String.join(", ", notAllowed));
        }
        return messages.isEmpty() ? null : String.join("; ", messages);
    }
}
