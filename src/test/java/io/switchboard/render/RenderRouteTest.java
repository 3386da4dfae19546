package io.switchboard.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.switchboard.connector.ConnectorType;
import io.switchboard.connector.ConnectorTypeRegistry;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static io.switchboard.render.MustacheRendererTest.json;
import static io.switchboard.support.Api.assertError;
import static io.switchboard.support.Api.create;
import static io.switchboard.support.Api.freshSpace;
import static io.switchboard.support.Api.kibana;
import static io.switchboard.support.Api.path;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Rendering per connector type as Kibana's renderParameterTemplates does, and the {@code _render} route. */
@QuarkusTest
class RenderRouteTest {

    /** Rule variables; context.value holds a double quote, a tag and an ampersand. */
    private static final JsonNode VARIABLES = variables();

    private static JsonNode variables() {
        com.fasterxml.jackson.databind.node.ObjectNode vars = new ObjectMapper().createObjectNode();
        vars.putObject("rule").put("name", "cpu_high *now*");
        vars.putObject("context").put("value", "a \"q\" <b> &").put("host", "web-1");
        vars.put("kibana.alert.reason", "x > 1 [hot]");
        return vars;
    }

    @Inject
    ConnectorTypeRegistry types;

    @Inject
    ParamsRenderer renderer;

    @Inject
    ObjectMapper mapper;

    private JsonNode render(String typeId, String params) {
        ConnectorType type = types.find(typeId).orElseThrow();
        return renderer.render(type, json(params), VARIABLES);
    }

    @Test
    void slackRendersTheMessageForSlack() {
        JsonNode rendered = render(".slack",
                "{'message': 'Rule {{rule.name}} on {{context.host}}: {{context.value}}', 'other': 'x'}");
        assertEquals("Rule `cpu_high *now*` on web-1: a \"q\" &lt;b&gt; &amp;", rendered.get("message").textValue());
        assertEquals(1, rendered.size(), "only the message is kept, as in Kibana");
    }

    @Test
    void webhookRendersTheBodyAsJsonStringContent() throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode params = new ObjectMapper().createObjectNode();
        params.put("body", "{\"v\": \"{{context.value}}\"}");
        JsonNode rendered = renderer.render(types.find(".webhook").orElseThrow(), params, VARIABLES);
        assertEquals("{\"v\": \"a \\\"q\\\" <b> &\"}", rendered.get("body").textValue());
        assertEquals("a \"q\" <b> &", mapper.readTree(rendered.get("body").textValue()).get("v").textValue());
        assertEquals(json("{'body': ''}"), render(".webhook", "{'body': ''}"));
        assertEquals(json("{}"), render(".webhook", "{}"));
    }

    @Test
    void emailRendersTheMessageAsMarkdownTheHtmlMessageAsHtmlAndTheRestAsIs() {
        ConnectorType email = types.find(".email").orElseThrow();
        JsonNode variables = json("{'rule': {'name': 'cpu_high *now*'}, 'context': {'host': 'web-1'}, "
                + "'open': '<b>', 'end': '</b>'}");
        JsonNode rendered = renderer.render(email, json("""
                {'to': ['{{context.host}}@example.com'], 'cc': [], 'bcc': [], 'subject': '{{rule.name}}',
                 'message': '{{rule.name}}', 'messageHTML': '{{open}}{{rule.name}}{{end}}',
                 'kibanaFooterLink': {'path': '/app/{{context.host}}', 'text': 'Go'}}
                """), variables);
        assertEquals(json("""
                {'to': ['web-1@example.com'], 'cc': [], 'bcc': [], 'subject': 'cpu_high *now*',
                 'message': 'cpu\\\\_high \\\\*now\\\\*',
                 'messageHTML': '&lt;b&gt;cpu_high *now*&lt;&#x2F;b&gt;',
                 'kibanaFooterLink': {'path': '/app/web-1', 'text': 'Go'}}
                """), rendered);
        JsonNode withoutHtml = renderer.render(email, json("{'to': [], 'message': '{{open}}'}"), variables);
        assertEquals(json("{'to': [], 'message': '<b>'}"), withoutHtml);
    }

    @Test
    void indexRendersDocumentsAndDropsTheOverride() {
        assertEquals(json("{'documents': [{'host': 'web-1', 'count': 3, 'reason': 'x > 1 [hot]'}], "
                        + "'indexOverride': null}"),
                render(".index", "{'documents': [{'host': '{{context.host}}', 'count': 3, "
                        + "'reason': '{{kibana.alert.reason}}'}], 'indexOverride': 'kibana-alert-history-x'}"));
    }

    @Test
    void typesWithoutARendererRenderEveryStringUnescaped() {
        JsonNode log = render(".server-log", "{'message': '{{rule.name}} {{context.value}}', 'level': 'warn'}");
        assertEquals("cpu_high *now* a \"q\" <b> &", log.get("message").textValue());
        assertEquals("warn", log.get("level").textValue());
        assertEquals(json("{'eventAction': 'trigger', 'summary': 'web-1: cpu_high *now*', "
                        + "'customDetails': {'v': 'x > 1 [hot]', 'n': 2}, 'severity': 'info'}"),
                render(".pagerduty", "{'eventAction': 'trigger', 'summary': '{{context.host}}: {{rule.name}}', "
                        + "'customDetails': {'v': '{{kibana.alert.reason}}', 'n': 2}, 'severity': 'info'}"));
        assertEquals(json("{'subAction': 'pushToService', 'subActionParams': {'incident': "
                        + "{'summary': 'cpu_high *now*', 'labels': ['web-1']}, 'comments': []}}"),
                render(".jira", "{'subAction': 'pushToService', 'subActionParams': {'incident': "
                        + "{'summary': '{{rule.name}}', 'labels': ['{{context.host}}']}, 'comments': []}}"));
    }

    @Test
    void aBadTemplateRendersKibanasErrorText() {
        assertEquals(json("{'message': 'error rendering mustache template \\\"{{#x}}\\\": Unclosed section "
                + "\\\"x\\\" at 6'}"), render(".slack", "{'message': '{{#x}}'}"));
    }

    @Test
    void routeRendersAStoredConnectorInItsSpace() {
        String space = freshSpace();
        String id = create(space, "{\"name\":\"hook\",\"connector_type_id\":\".webhook\","
                + "\"config\":{\"url\":\"https://example.com/hook\",\"hasAuth\":false}}");
        kibana().body("{\"params\":{\"body\":\"{\\\"rule\\\":\\\"{{rule.name}}\\\"}\"},"
                        + "\"variables\":{\"rule\":{\"name\":\"say \\\"hi\\\"\"}}}")
                .post(path(space, "/api/actions/connector/" + id + "/_render"))
                .then().statusCode(200)
                .body("connector_id", equalTo(id))
                .body("connector_type_id", equalTo(".webhook"))
                .body("params.body", equalTo("{\"rule\":\"say \\\"hi\\\"\"}"));
        assertError(kibana().body("{\"params\":{}}")
                .post(path(freshSpace(), "/api/actions/connector/" + id + "/_render")).then(), 404,
                "Saved object [action/" + id + "] not found");
        assertError(kibana().body("{\"params\":{}}")
                .post("/api/actions/connector/" + id + "/_render").then(), 404,
                "Saved object [action/" + id + "] not found");
    }

    @Test
    void routeRendersPreconfiguredConnectorsAndNeedsNoVariables() {
        kibana().body("{\"params\":{\"message\":\"{{#EvalMath}}1 + 2{{/EvalMath}} {{missing}}.\"}}")
                .post(path(freshSpace(), "/api/actions/connector/my-slack1/_render"))
                .then().statusCode(200)
                .body("connector_id", equalTo("my-slack1"))
                .body("connector_type_id", equalTo(".slack"))
                .body("params.message", equalTo("3 ."));
    }

    @Test
    void routeRefusesBadBodies() {
        String route = "/api/actions/connector/preconfigured-server-log/_render";
        assertError(kibana().body("{}").post(route).then(), 400,
                "[request body.params]: expected value of type [object] but got [undefined]");
        assertError(kibana().body("{\"params\":{},\"variables\":[]}").post(route).then(), 400,
                "[request body.variables]: expected value of type [object] but got [Array]");
        assertError(kibana().body("{\"params\":{},\"extra\":1}").post(route).then(), 400,
                "[request body.extra]: definition for this key is missing");
        assertError(kibana().body("{\"params\":").post(route).then(), 400, "Invalid request payload JSON format");
        assertError(RestAssured.given().contentType("application/json").body("{\"params\":{}}").post(route).then(),
                400, "Request must contain a kbn-xsrf header.");
    }
}
