package io.switchboard.connector.email;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.util.Arrays;
import java.util.List;

/** Reads what an SMTP server received: addresses as written, and the decoded text and HTML alternatives. */
final class ReceivedMail {

    private ReceivedMail() {
    }

    static List<String> addresses(Address[] addresses) {
        return addresses == null ? List.of()
                : Arrays.stream(addresses).map(address -> ((InternetAddress) address).toUnicodeString()).toList();
    }

    static String text(MimeMessage mail) throws Exception {
        return part(mail, "text/plain");
    }

    static String html(MimeMessage mail) throws Exception {
        return part(mail, "text/html");
    }

    /** The decoded content of one alternative, with SMTP's CRLF line ends back to the sent LF. */
    private static String part(MimeMessage mail, String type) throws Exception {
        Multipart alternatives = (Multipart) mail.getContent();
        if (!mail.isMimeType("multipart/alternative") || alternatives.getCount() != 2) {
            throw new AssertionError("expected text and HTML alternatives, got " + mail.getContentType());
        }
        for (int i = 0; i < alternatives.getCount(); i++) {
            BodyPart part = alternatives.getBodyPart(i);
            if (part.isMimeType(type)) {
                if (!part.getContentType().toLowerCase().contains("charset=utf-8")) {
                    throw new AssertionError("not UTF-8: " + part.getContentType());
                }
                return ((String) part.getContent()).replace("\r\n", "\n");
            }
        }
        throw new AssertionError("no " + type + " part");
    }
}
