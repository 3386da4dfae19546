package io.switchboard.egress;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class UrlRedactionTest {

    @Test
    void userinfoIsRemovedAndQueryValuesAreRedacted() {
        assertEquals("https://h/p?token=[REDACTED]", UrlRedaction.redact("https://user:pw@h/p?token=x"));
    }

    @Test
    void everyQueryValueIsRedactedAndNamesStay() {
        assertEquals("http://example.com:8080/a/b?api_key=[REDACTED]&page=[REDACTED]&[REDACTED]",
                UrlRedaction.redact("http://example.com:8080/a/b?api_key=s3cr3t&page=2&bare"));
    }

    @Test
    void fragmentValuesAreRedacted() {
        assertEquals("https://h/cb#access_token=[REDACTED]&[REDACTED]",
                UrlRedaction.redact("https://h/cb#access_token=abc&xyz"));
    }

    @Test
    void passwordsContainingAtSignsAreRemovedWhole() {
        assertEquals("https://host/x", UrlRedaction.redact("https://u:p@ss@host/x"));
    }

    @Test
    void slackWebhookPathSecretsAreRedacted() {
        assertEquals("https://hooks.slack.com/services/[REDACTED]/[REDACTED]/[REDACTED]",
                UrlRedaction.redact("https://hooks.slack.com/services/T000/B000/XXXXsecretXXXX"));
        assertEquals("https://HOOKS.SLACK.COM:443/services/[REDACTED]/[REDACTED]/[REDACTED]",
                UrlRedaction.redact("https://HOOKS.SLACK.COM:443/services/T1/B2/s3"));
    }

    @Test
    void otherPathsAreKept() {
        assertEquals("https://example.com/services/T/B/c", UrlRedaction.redact("https://example.com/services/T/B/c"));
        assertEquals("https://events.pagerduty.com/v2/enqueue",
                UrlRedaction.redact("https://events.pagerduty.com/v2/enqueue"));
    }

    @Test
    void textThatIsNotAUrlIsReplacedWhole() {
        assertEquals(UrlRedaction.REDACTED_URL, UrlRedaction.redact("user:secret@host/path?x=1"));
        assertEquals(UrlRedaction.REDACTED_URL, UrlRedaction.redact(""));
        assertNull(UrlRedaction.redact(null));
    }

    @Test
    void urlsTheUriParserRejectsAreStillRedacted() {
        assertEquals("https://h/a b?q=[REDACTED]", UrlRedaction.redact("https://u:p@h/a b?q=x y"));
    }

    @org.junit.jupiter.api.Test
    void originOnlyKeepsWhereTheUrlPointsAndNothingElse() {
        assertEquals("https://hooks.slack.com/[REDACTED]",
                UrlRedaction.originOnly("https://hooks.slack.com/services/T0/B0/secret?x=1#f"));
        assertEquals("http://h.example.com:8080", UrlRedaction.originOnly("http://user:pw@h.example.com:8080"));
        assertEquals("https://h.example.com/", UrlRedaction.originOnly("https://h.example.com/"));
        assertEquals("[REDACTED URL]", UrlRedaction.originOnly("mailto:hooks.slack.com"));
    }

    @Test
    void withoutUserinfoKeepsTheUrlAsWrittenLessItsCredentials() {
        assertEquals("http://example.com:8080/a?token=x", UrlRedaction.withoutUserinfo(
                "http://user:s3cret@example.com:8080/a?token=x"));
        assertEquals("https://host/x", UrlRedaction.withoutUserinfo("https://u:p@ss@host/x"));
        assertEquals("http:example.com/x", UrlRedaction.withoutUserinfo("http:user:s3cret@example.com/x"));
        assertEquals("http:\\\\exa mple.com", UrlRedaction.withoutUserinfo("http:\\\\u:s3cret@exa mple.com"));
        assertEquals("http://[fe80::1%25eth0]/", UrlRedaction.withoutUserinfo("http://u:s3cret@[fe80::1%25eth0]/"));
        assertEquals("http://example.com/a@b", UrlRedaction.withoutUserinfo("http://example.com/a@b"));
        assertEquals("mailto:ops@example.com", UrlRedaction.withoutUserinfo("mailto:ops@example.com"));
        assertEquals("evil.example.net", UrlRedaction.withoutUserinfo("evil.example.net"));
        assertEquals(":x@y", UrlRedaction.withoutUserinfo(":x@y"));
        assertNull(UrlRedaction.withoutUserinfo(null));
    }
}
