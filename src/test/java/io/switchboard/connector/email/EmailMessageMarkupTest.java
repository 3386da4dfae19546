package io.switchboard.connector.email;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.switchboard.connector.email.EmailConnectorTest.connector;
import static io.switchboard.connector.email.EmailExecuteTest.execute;
import static io.switchboard.connector.email.ReceivedMail.html;
import static io.switchboard.connector.email.ReceivedMail.text;
import static io.switchboard.support.Api.create;
import static io.switchboard.support.Api.freshSpace;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What a recipient's mail reader gets from a message holding HTML or script links: Kibana's markdown-it renders
 * with {@code html: false} and refuses {@code javascript:}, {@code vbscript:}, {@code file:} and non-image
 * {@code data:} URLs, so the HTML part shows them as text. The plain-text part is the message as written. Each
 * expected HTML part is what markdown-it 14 renders for the message.
 */
@QuarkusTest
class EmailMessageMarkupTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FOOTER = "\n\n---\n\nThis message was sent by Elastic.";
    private static final String FOOTER_HTML = "<hr>\n<p>This message was sent by Elastic.</p>\n";
    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            <script>alert(1)</script> | <p>&lt;script&gt;alert(1)&lt;/script&gt;</p>
            disk <img src=x onerror=alert(1)> full | <p>disk &lt;img src=x onerror=alert(1)&gt; full</p>
            <b>bold</b> and <a href="https://evil.example">here</a> | <p>&lt;b&gt;bold&lt;/b&gt; and &lt;a href=&quot;<a href="https://evil.example">https://evil.example</a>&quot;&gt;here&lt;/a&gt;</p>
            '<div onclick="steal()">\\n**alert**\\n</div>' | <p>&lt;div onclick=&quot;steal()&quot;&gt;\\n<strong>alert</strong>\\n&lt;/div&gt;</p>
            [x](javascript:alert(1)) | <p>[x](javascript:alert(1))</p>
            [*open*](JaVaScRiPt:alert(document.cookie)) | <p>[<em>open</em>](JaVaScRiPt:alert(document.cookie))</p>
            [x](vbscript:msgbox(1)) | <p>[x](vbscript:msgbox(1))</p>
            [x](data:text/html,<script>alert(1)</script>) | <p>[x](data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;)</p>
            [passwords](file:///etc/passwd) | <p>[passwords](file:///etc/passwd)</p>
            ![x](data:image/svg+xml;base64,PHN2Zz4=) | <p>![x](data:image/svg+xml;base64,PHN2Zz4=)</p>
            <javascript:alert(1)> | <p>&lt;javascript:alert(1)&gt;</p>
            see javascript://%0aalert(1) now | <p>see javascript://%0aalert(1) now</p>
            '[two\\nlines](javascript:alert(1))' | <p>[two\\nlines](javascript:alert(1))</p>
            [runbook](https://runbooks.example.com/disk?node=1&fs=data) and [bad](javascript:x) | <p><a href="https://runbooks.example.com/disk?node=1&amp;fs=data">runbook</a> and [bad](javascript:x)</p>
            [write to ops](mailto:ops@example.org) | <p><a href="mailto:ops@example.org">write to ops</a></p>
            """)
    void theHtmlPartShowsMarkupAndRefusedLinksAsText(String message, String expectedHtml) throws Exception {
        MimeMessage mail = send(message.replace("\\n", "\n"));
        assertEquals(expectedHtml.replace("\\n", "\n") + "\n" + FOOTER_HTML, html(mail));
        assertEquals(message.replace("\\n", "\n") + FOOTER, text(mail));
    }

    @Test
    void imagesInlinedAsPictureDataStay() throws Exception {
        MimeMessage mail = send("![graph](data:image/png;base64,iVBORw0KGgo=)");
        assertEquals("<p><img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"graph\" /></p>\n" + FOOTER_HTML,
                html(mail));
    }

    @Test
    void theJsonServiceDescribesTheSameHtml() throws Exception {
        String space = freshSpace();
        String id = create(space, connector("""
                {"service":"__json","from":"alerts@example.com","hasAuth":false}""", "{}"));
        JsonNode answer = execute(space, id, """
                {"to":["ops@example.org"],"subject":"s",
                 "message":"<script>alert(1)</script> [x](javascript:alert(1))"}""");
        assertEquals("<p>&lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:alert(1))</p>\n" + FOOTER_HTML,
                answer.at("/data/message/html").asText(), answer.toString());
    }

    private static MimeMessage send(String message) throws Exception {
        String space = freshSpace();
        String id = create(space, connector("""
                {"host":"127.0.0.1","port":%d,"from":"alerts@example.com","hasAuth":false}"""
                .formatted(MAIL.getSmtp().getPort()), "{}"));
        JsonNode params = JSON.createObjectNode().put("subject", "markup").put("message", message)
                .set("to", JSON.createArrayNode().add("ops@example.org"));
        JsonNode answer = execute(space, id, params.toString());
        assertEquals("ok", answer.path("status").asText(), answer.toString());
        MimeMessage[] received = MAIL.getReceivedMessages();
        assertEquals(1, received.length);
        return received[0];
    }
}
