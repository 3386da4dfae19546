package io.switchboard.render;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.connector.ConnectorType.TemplateRenderer.Escape;
import org.junit.jupiter.api.Test;

import static io.switchboard.render.MustacheRendererTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Expected values are those of Kibana's mustache_lambdas and number_formatter tests. */
class LambdasTest {

    private static String render(String template, JsonNode variables) {
        return MustacheRenderer.withVariables(variables).render(template, Escape.NONE);
    }

    private static String formatNumber(String text) {
        return IntlNumberFormat.format(text).text();
    }

    @Test
    void formatDate() {
        JsonNode vars = json("{'timeStamp': '2022-11-29T15:52:44Z'}");
        assertEquals("2022-11-29 03:52pm", render("{{#FormatDate}} {{timeStamp}} {{/FormatDate}}", vars));
        assertEquals("2022-11-29 10:52am",
                render("{{#FormatDate}} {{timeStamp}} ; America/New_York {{/FormatDate}}", vars));
        assertEquals("Tuesday Nov 29th 2022 15:52:44.000",
                render("{{#FormatDate}} {{timeStamp}} ;; dddd MMM Do YYYY HH:mm:ss.SSS {{/FormatDate}}", vars));
        assertEquals("Tuesday Nov 29th 2022 10:52:44.000", render(
                "{{#FormatDate}} {{timeStamp}};America/New_York;dddd MMM Do YYYY HH:mm:ss.SSS {{/FormatDate}}", vars));
        assertEquals("[at] 2022 Q4 W48 +00:00 1669737164",
                render("{{#FormatDate}}{{timeStamp}};;[[at]] YYYY [Q]Q [W]W Z X{{/FormatDate}}", vars));
    }

    @Test
    void formatDateFailures() {
        assertEquals("date is empty", render("{{#FormatDate}}   {{/FormatDate}}", json("{'timeStamp': ''}")));
        assertEquals("invalid date \"this is not a d4t3\"",
                render("{{#FormatDate}}{{timeStamp}}{{/FormatDate}}", json("{'timeStamp': 'this is not a d4t3'}")));
        assertEquals("unknown timeZone value \"NotATime Zone!\"", render(
                "{{#FormatDate}}{{timeStamp}};NotATime Zone!{{/FormatDate}}", json("{'timeStamp': '2023-04-10T23:52:39'}")));
        // Kibana's example parses a local time on a machine west of UTC; the offset here makes that explicit.
        assertEquals("gamrbamg2", render("{{#FormatDate}}{{timeStamp}};;garbage{{/FormatDate}}",
                json("{'timeStamp': '2023-04-10T23:52:39-04:00'}")));
    }

    @Test
    void evalMath() {
        JsonNode vars = json("{'context': {'a': {'b': 1}, 'c': {'d': 2}, 'list': [1, 2, 3]}}");
        String template = """
                {{#EvalMath}} 1 + 0 {{/EvalMath}}
                {{#EvalMath}} 1 + context.a.b {{/EvalMath}}
                {{#context}}
                {{#EvalMath}} 1 + c.d {{/EvalMath}}
                {{/context}}""";
        assertEquals("1\n2\n3\n", render(template, vars));
        assertEquals("0.5 6 2.35 true 3", render("{{#EvalMath}}1 / 2{{/EvalMath}} "
                + "{{#EvalMath}}sum(context.list){{/EvalMath}} {{#EvalMath}}round(2.345, 2){{/EvalMath}} "
                + "{{#EvalMath}}context.c.d > 1{{/EvalMath}} {{#EvalMath}}max(context.list){{/EvalMath}}", vars));
    }

    @Test
    void evalMathFailures() {
        JsonNode vars = json("{'context': {'a': 1}}");
        assertEquals("error evaluating tinymath expression \"1 / 0\": Cannot divide by 0",
                render("{{#EvalMath}} 1 / 0 {{/EvalMath}}", vars));
        assertEquals("error evaluating tinymath expression \"context.x + 1\": Unknown variable: context.x",
                render("{{#EvalMath}}context.x + 1{{/EvalMath}}", vars));
        assertEquals("error evaluating tinymath expression \"nope(1)\": No such function: nope",
                render("{{#EvalMath}}nope(1){{/EvalMath}}", vars));
        String parseError = render("{{#EvalMath}} ) 1 ++++ 0 ( {{/EvalMath}}", vars);
        assertEquals(true, parseError.startsWith(
                "error evaluating tinymath expression \") 1 ++++ 0 (\": Failed to parse expression."), parseError);
        String assignment = render("{{#EvalMath}}context.a = 2{{/EvalMath}}", vars);
        assertEquals(true, assignment.startsWith("error evaluating tinymath expression"), assignment);
        String methodCall = render("{{#EvalMath}}context.getClass(){{/EvalMath}}", vars);
        assertEquals(true, methodCall.startsWith("error evaluating tinymath expression"), methodCall);
    }

    @Test
    void parseHjson() {
        JsonNode vars = json("{'context': {'a': {'b': 1}, 'c': {'d': 2}}}");
        String template = """
                {{#ParseHjson}} {
                  # specify rate in requests/second (because comments are helpful!)
                  rate: 1000

                  a:   {{context.a}}
                  a_b: {{context.a.b}}
                  c:   {{context.c}}
                  c_d: {{context.c.d}}

                  # list items can be separated by lines, or commas, and trailing
                  # commas permitted
                  list: [
                    1 2
                    3
                    4,5,6,
                  ]
                } {{/ParseHjson}}""";
        assertEquals(json("{'rate': 1000, 'a': {'b': 1}, 'a_b': 1, 'c': {'d': 2}, 'c_d': 2, "
                + "'list': ['1 2', 3, 4, 5, 6]}"), json(render(template, vars)));
        assertEquals("error parsing Hjson \"[1,2,3,,]\": Found a punctuator character ',' when expecting a "
                + "quoteless string (check your syntax) at line 1,7 >>>1,2,3,,] ...",
                render("{{#ParseHjson}} [1,2,3,,] {{/ParseHjson}}", json("{}")));
    }

    @Test
    void encodeUri() {
        JsonNode vars = json("{'q': 'a b&c/d?é'}");
        // whitespace is kept, as Kibana keeps it
        assertEquals("%20a%20b&c/d?%C3%A9%20", render("{{#EncodeURI}} {{{q}}} {{/EncodeURI}}", vars));
        assertEquals("a%20b%26c%2Fd%3F%C3%A9", render("{{#EncodeURIComponent}}{{{q}}}{{/EncodeURIComponent}}", vars));
        assertEquals("https://x.test/?q=a%20b", render("{{#EncodeURI}}https://x.test/?q=a b{{/EncodeURI}}", vars));
        assertEquals("error evaluating encodeURIComponent(\"\uD800\"): URI malformed",
                JsUri.encodeUriComponent("\uD800").text());
    }

    @Test
    void formatNumberInTemplates() {
        assertEquals("€42.00", render(
                "{{#FormatNumber}} {{num}}; en-US; style: currency, currency: EUR  {{/FormatNumber}}",
                json("{'num': '42.0'}")));
        assertEquals("invalid number: 'nope'", render("{{#FormatNumber}} {{num}} {{/FormatNumber}}",
                json("{'num': 'nope;;'}")));
    }

    @Test
    void formatNumberOptions() {
        assertEquals("1", formatNumber("1;;"));
        assertEquals("1.000", formatNumber("1000; de-DE;"));
        assertEquals("1K", formatNumber(" 1000;; notation: compact, compactDisplay: short, "));
        assertEquals("€1,000.00", formatNumber("1000;; currency: EUR, style: currency"));
        assertEquals("1,000.00 euros", formatNumber("1000;; currency: EUR, style: currency, currencyDisplay: name"));
        assertEquals("(€1.00)", formatNumber("-1;; currency: EUR, style: currency, currencySign: accounting"));
        assertEquals("1E3", formatNumber("1000;; notation: engineering"));
        assertEquals("１", formatNumber("1;; numberingSystem: fullwide"));
        assertEquals("+1", formatNumber("1;; signDisplay: always"));
        assertEquals("100%", formatNumber("1;; style: percent"));
        assertEquals("1 ac/L", formatNumber("1;; style: unit, unit: acre-per-liter"));
        assertEquals("1PB", formatNumber("1;; style: unit, unit: petabyte, unitDisplay: narrow"));
        assertEquals("1,000", formatNumber("1000;; useGrouping: true "));
        assertEquals("1000", formatNumber("1000;; useGrouping: false"));
        assertEquals("0,000,001", formatNumber("1;; minimumIntegerDigits: 7"));
        assertEquals("1.000", formatNumber("1;; minimumFractionDigits: 3"));
        assertEquals("1.23", formatNumber("1.234;; maximumFractionDigits: 2"));
        assertEquals("1.00", formatNumber("1;; minimumSignificantDigits: 3"));
        assertEquals("123,500", formatNumber("123456;; maximumSignificantDigits: 4"));
        assertEquals("1.235", formatNumber("1.2345;;"));
    }

    @Test
    void formatNumberFailures() {
        assertEquals("invalid format, missing semicolons: '1'", formatNumber("1"));
        assertEquals("invalid number: 'nope'", formatNumber("nope;;"));
        assertEquals("invalid options: missing colon in option: 'nah'", formatNumber("1;; nah"));
        assertEquals("error formatting number: minimumIntegerDigits value is out of range.",
                formatNumber("1;; minimumIntegerDigits: N.O."));
        assertEquals("error formatting number: Value uhuh out of range for Intl.NumberFormat options property "
                + "compactDisplay", formatNumber("1;; compactDisplay: uhuh"));
    }

    @Test
    void lambdaOutputIsNotEscapedButItsSectionIs() {
        JsonNode vars = json("{'v': 'a<b', 'n': 2}");
        assertEquals("a&lt;b", MustacheRenderer.withVariables(vars)
                .render("{{#EncodeURIComponent}}{{v}}{{/EncodeURIComponent}}", Escape.HTML).replace("%26", "&")
                .replace("%3B", ";"));
        assertEquals("{\"x\":2}", MustacheRenderer.withVariables(vars)
                .render("{{#ParseHjson}}{x: {{n}}}{{/ParseHjson}}", Escape.HTML));
    }
}
