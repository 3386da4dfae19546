package io.switchboard.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.connector.ConnectorType.TemplateRenderer.Escape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Expected values are those of Kibana's mustache_renderer tests. */
class MustacheRendererTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception invalid) {
            throw new IllegalArgumentException(invalid);
        }
    }

    private static final MustacheRenderer VARIABLES = MustacheRenderer.withVariables(variables());

    private static JsonNode variables() {
        com.fasterxml.jackson.databind.node.ObjectNode vars = JSON.createObjectNode();
        vars.put("a", 1).put("b", "2").put("c", false).putNull("d");
        vars.putObject("f").put("g", 3).putNull("h");
        vars.putArray("i").add(42).add(43).add(44);
        vars.put("lt", "<").put("gt", ">").put("amp", "&").put("nl", "\n").put("dq", "\"").put("bt", "`")
                .put("bs", "\\").put("st", "*").put("ul", "_").put("st_lt", "*<").put("vl", "|")
                .put("link", "https://te_st.com/").put("sq", "'");
        return vars;
    }

    private static String render(String template, Escape escape) {
        return VARIABLES.render(template, escape);
    }

    @ParameterizedTest
    @EnumSource(value = Escape.class, names = {"NONE", "SLACK", "MARKDOWN", "JSON"})
    void basicTemplatingNeedsNoEscaping(Escape escape) {
        assertEquals("", render("", escape));
        assertEquals("1", render("{{a}}", escape));
        assertEquals("2", render("{{b}}", escape));
        assertEquals("false", render("{{c}}", escape));
        assertEquals("", render("{{d}}", escape));
        assertEquals("", render("{{e}}", escape));
        String object = switch (escape) {
            case JSON -> "{\\\"g\\\":3,\\\"h\\\":null}";
            case MARKDOWN -> "\\{\"g\":3,\"h\":null\\}";
            default -> "{\"g\":3,\"h\":null}";
        };
        assertEquals(object, render("{{f}}", escape));
        assertEquals("3", render("{{f.g}}", escape));
        assertEquals("", render("{{f.h}}", escape));
        assertEquals("42,43,44", render("{{i}}", escape));
        assertEquals(escape == Escape.MARKDOWN ? "\\[42,43,44\\]" : "[42,43,44]", render("{{i.asJSON}}", escape));
    }

    @Test
    void noneLeavesEverythingAlone() {
        for (String name : new String[] {"lt", "gt", "amp", "nl", "dq", "bt", "bs", "st", "ul"}) {
            assertEquals(variables().get(name).textValue(), render("{{" + name + "}}", Escape.NONE), name);
        }
    }

    @Test
    void markdownEscapesItsPunctuation() {
        assertEquals("<", render("{{lt}}", Escape.MARKDOWN));
        assertEquals(">", render("{{gt}}", Escape.MARKDOWN));
        assertEquals("&", render("{{amp}}", Escape.MARKDOWN));
        assertEquals("\n", render("{{nl}}", Escape.MARKDOWN));
        assertEquals("\"", render("{{dq}}", Escape.MARKDOWN));
        assertEquals("\\`", render("{{bt}}", Escape.MARKDOWN));
        assertEquals("\\\\", render("{{bs}}", Escape.MARKDOWN));
        assertEquals("\\*", render("{{st}}", Escape.MARKDOWN));
        assertEquals("\\_", render("{{ul}}", Escape.MARKDOWN));
        assertEquals("\\|", render("{{vl}}", Escape.MARKDOWN));
        assertEquals("\\{\\}\\[\\]\\(\\)\\#\\+\\-\\.\\!",
                MustacheRenderer.withVariables(json("{'p': '{}[]()#+-.!'}")).render("{{p}}", Escape.MARKDOWN));
    }

    @Test
    void tripleBracesAreNeverEscaped() {
        assertEquals("`", render("{{{bt}}}", Escape.MARKDOWN));
        assertEquals("\\", render("{{{bs}}}", Escape.MARKDOWN));
        assertEquals("*", render("{{{st}}}", Escape.MARKDOWN));
        assertEquals("_", render("{{{ul}}}", Escape.MARKDOWN));
        assertEquals("<", render("{{{lt}}}", Escape.HTML));
        assertEquals(">", render("{{{gt}}}", Escape.HTML));
        assertEquals("&", render("{{&amp}}", Escape.HTML));
        assertEquals("\"", render("{{{dq}}}", Escape.HTML));
    }

    @Test
    void slackUsesEntitiesOrInlineCode() {
        assertEquals("&lt;", render("{{lt}}", Escape.SLACK));
        assertEquals("&gt;", render("{{gt}}", Escape.SLACK));
        assertEquals("&amp;", render("{{amp}}", Escape.SLACK));
        assertEquals("\n", render("{{nl}}", Escape.SLACK));
        assertEquals("\"", render("{{dq}}", Escape.SLACK));
        assertEquals("'", render("{{bt}}", Escape.SLACK));
        assertEquals("\\", render("{{bs}}", Escape.SLACK));
        assertEquals("`*`", render("{{st}}", Escape.SLACK));
        assertEquals("`_`", render("{{ul}}", Escape.SLACK));
        assertEquals("`*<`", render("{{st_lt}}", Escape.SLACK));
        assertEquals("https://te_st.com/", render("{{link}}", Escape.SLACK));
        assertEquals("`a'b_`", MustacheRenderer.withVariables(json("{'v': 'a`b_'}")).render("{{v}}", Escape.SLACK));
    }

    @Test
    void jsonEscapesAsAJsonStringWithoutQuotes() {
        assertEquals("<", render("{{lt}}", Escape.JSON));
        assertEquals(">", render("{{gt}}", Escape.JSON));
        assertEquals("&", render("{{amp}}", Escape.JSON));
        assertEquals("\\n", render("{{nl}}", Escape.JSON));
        assertEquals("\\\"", render("{{dq}}", Escape.JSON));
        assertEquals("`", render("{{bt}}", Escape.JSON));
        assertEquals("\\\\", render("{{bs}}", Escape.JSON));
        assertEquals("*", render("{{st}}", Escape.JSON));
        assertEquals("_", render("{{ul}}", Escape.JSON));
        assertEquals("\\u0001\\t/é", MustacheRenderer.withVariables(json("{'v': '\\u0001\\t/é'}"))
                .render("{{v}}", Escape.JSON));
    }

    @Test
    void htmlUsesMustacheJsEscapes() {
        assertEquals("&lt;", render("{{lt}}", Escape.HTML));
        assertEquals("&gt;", render("{{gt}}", Escape.HTML));
        assertEquals("&amp;", render("{{amp}}", Escape.HTML));
        assertEquals("\n", render("{{nl}}", Escape.HTML));
        assertEquals("&quot;", render("{{dq}}", Escape.HTML));
        assertEquals("&#x60;", render("{{bt}}", Escape.HTML));
        assertEquals("\\", render("{{bs}}", Escape.HTML));
        assertEquals("*", render("{{st}}", Escape.HTML));
        assertEquals("_", render("{{ul}}", Escape.HTML));
        assertEquals("&#39;", render("{{sq}}", Escape.HTML));
        assertEquals("&#x2F;&#x3D;", MustacheRenderer.withVariables(json("{'v': '/='}")).render("{{v}}", Escape.HTML));
    }

    @Test
    void nullTemplateStaysNull() {
        assertNull(render(null, Escape.NONE));
    }

    @Test
    void syntaxErrorsRenderMustacheJsMessages() {
        assertEquals("error rendering mustache template \"{{a}\": Unclosed tag at 4", render("{{a}", Escape.NONE));
        assertEquals("error rendering mustache template \"{{{a}}\": Unclosed tag at 6", render("{{{a}}", Escape.NONE));
        assertEquals("error rendering mustache template \"x{{#a}}y\": Unclosed section \"a\" at 8",
                render("x{{#a}}y", Escape.NONE));
        assertEquals("error rendering mustache template \"ab{{/a}}\": Unopened section \"a\" at 2",
                render("ab{{/a}}", Escape.NONE));
        assertEquals("error rendering mustache template \"{{#a}}{{/b}}\": Unclosed section \"a\" at 6",
                render("{{#a}}{{/b}}", Escape.NONE));
        assertEquals("error rendering mustache template \"{{=<%=}}\": Invalid tags: <%",
                render("{{=<%=}}", Escape.NONE));
    }

    @Test
    void sectionsFollowJavaScriptTruthiness() {
        MustacheRenderer renderer = MustacheRenderer.withVariables(json("""
                {'zero': 0, 'empty': '', 'no': false, 'nothing': null, 'none': [], 'yes': true, 'one': 1,
                 'zeroText': '0', 'list': [{'n': 'x'}, {'n': 'y'}], 'object': {'n': 'o'}, 'emptyObject': {}}
                """));
        assertEquals("", renderer.render("{{#zero}}A{{/zero}}{{#empty}}B{{/empty}}{{#no}}C{{/no}}"
                + "{{#nothing}}D{{/nothing}}{{#none}}E{{/none}}{{#missing}}F{{/missing}}", Escape.NONE));
        assertEquals("ABCDEF", renderer.render("{{^zero}}A{{/zero}}{{^empty}}B{{/empty}}{{^no}}C{{/no}}"
                + "{{^nothing}}D{{/nothing}}{{^none}}E{{/none}}{{^missing}}F{{/missing}}", Escape.NONE));
        assertEquals("YO0E", renderer.render("{{#yes}}Y{{/yes}}{{#one}}O{{/one}}{{#zeroText}}0{{/zeroText}}"
                + "{{#emptyObject}}E{{/emptyObject}}", Escape.NONE));
        assertEquals("x,y;o", renderer.render("{{#list}}{{n}}{{^-last}},{{/-last}}{{/list}};"
                + "{{#object}}{{n}}{{/object}}", Escape.NONE));
        assertEquals("x 2 y", renderer.render("{{list.0.n}} {{list.length}} {{list.1.n}}", Escape.NONE));
    }

    @Test
    void partialsRenderNothingAndJavaIsUnreachable() {
        MustacheRenderer renderer = MustacheRenderer.withVariables(json("{'s': 'text', 'o': {'k': 1}}"));
        assertEquals("[]", renderer.render("[{{>partial}}]", Escape.NONE));
        assertEquals("[||]", renderer.render("[{{s.class}}|{{o.class}}|{{s.bytes}}]", Escape.NONE));
        assertEquals("4", renderer.render("{{s.length}}", Escape.NONE));
    }

    @Test
    void renderStringsRendersEveryStringLeafWithoutEscaping() {
        JsonNode params = json("""
                {'literal': 0, 'literals': {'a': 1, 'b': '2', 'c': true, 'd': null, 'eval': '{{lt}}{{b}}{{gt}}'},
                 'list': ['{{a}}', '{{bt}}{{st}}{{bt}}'], 'object': {'a': ['{{a}}', '{{bt}}{{st}}{{bt}}']}}
                """);
        assertEquals(json("""
                {'literal': 0, 'literals': {'a': 1, 'b': '2', 'c': true, 'd': null, 'eval': '<2>'},
                 'list': ['1', '`*`'], 'object': {'a': ['1', '`*`']}}
                """), VARIABLES.renderStrings(params));
        assertEquals(json("{'a': 'error rendering mustache template \\\"{{a}\\\": Unclosed tag at 4'}"),
                VARIABLES.renderStrings(json("{'a': '{{a}'}")));
        assertEquals(json("0"), VARIABLES.renderStrings(json("0")));
        assertEquals(json("['1']"), VARIABLES.renderStrings(json("['{{a}}']")));
    }

    @Test
    void objectsRenderAsJsonAndArraysJoined() {
        MustacheRenderer deep = MustacheRenderer.withVariables(json("{'a': 1, 'b': {'c': 2, 'd': [3, 4]}, "
                + "'e': [5, {'f': 6, 'g': 7}]}"));
        assertEquals("1 - {\"c\":2,\"d\":[3,4]} -- 5,{\"f\":6,\"g\":7}",
                deep.render("{{a}} - {{b}} -- {{e}}", Escape.NONE));
        assertEquals("[5,{\"f\":6,\"g\":7}]", deep.render("{{e.asJSON}}", Escape.NONE));
    }

    @Test
    void numbersPrintAsJavaScriptPrintsThem() {
        MustacheRenderer numbers = MustacheRenderer.withVariables(json("""
                {'whole': 3.0, 'big': 12345678901234567890, 'small': 0.000001, 'tiny': 1.5e-7, 'huge': 1e21,
                 'neg': -2.50, 'obj': {'2': 'b', 'x': 1, '1': 'a'}}
                """));
        assertEquals("3 12345678901234567000 0.000001 1.5e-7 1e+21 -2.5",
                numbers.render("{{whole}} {{big}} {{small}} {{tiny}} {{huge}} {{neg}}", Escape.NONE));
        assertEquals("{\"1\":\"a\",\"2\":\"b\",\"x\":1}", numbers.render("{{obj}}", Escape.NONE));
    }

    @Test
    void dottedKeysExpandIntoObjects() {
        JsonNode alerts = json("""
                {'context': [{'_index': '.internal.alerts-default-000001', '_score.test': 1,
                  '_source': {'kibana.alert.rule.category': 'Metric threshold',
                              'kibana.alert.time_range': {'gte': '2022-10-26T13:37:26.591Z'}}}]}
                """);
        String template = "{{context.0._source.kibana.alert.rule.category}} - {{context.0._score.test}} - "
                + "{{context.0._source.kibana.alert.time_range.gte}}";
        assertEquals("Metric threshold - 1 - 2022-10-26T13:37:26.591Z",
                MustacheRenderer.withVariables(alerts).render(template, Escape.NONE));
        assertEquals("{\"b\":2}", MustacheRenderer.withVariables(json("{'a': 1, 'a.b': 2}")).render("{{a}}",
                Escape.NONE));
        assertEquals("2 1", MustacheRenderer.withVariables(json("{'a.b': 2, 'a': {'x': 1}}"))
                .render("{{a.b}} {{a.x}}", Escape.NONE));
        assertEquals("2 1", MustacheRenderer.withVariables(json("{'a': {'x': 1}, 'a.b': 2}"))
                .render("{{a.b}} {{a.x}}", Escape.NONE));
        assertEquals("1 2", MustacheRenderer.withVariables(json("{'a.b.c': 1, 'a': {'b': {'d': 2}}}"))
                .render("{{a.b.c}} {{a.b.d}}", Escape.NONE));
        assertEquals("1|", MustacheRenderer.withVariables(json("{'a': {'b': {'y': 2}}, 'a.b': {'x': 1}}"))
                .render("{{a.b.x}}|{{a.b.y}}", Escape.NONE));
        assertEquals("user-value", MustacheRenderer.withVariables(json("{'obj': {'toString': 'user-value'}}"))
                .render("{{obj.toString}}", Escape.NONE));
        assertEquals("", MustacheRenderer.withVariables(json("{'a.__proto__.p': 'C'}")).render("{{a.__proto__.p}}",
                Escape.NONE));
    }

    @Test
    void variablesAreNotChanged() {
        JsonNode input = json("{'a': 1, 'a.b': 2, 'nested': {'c': 3}, 'arr': [1, 2, 3]}");
        JsonNode copy = input.deepCopy();
        MustacheRenderer.withVariables(input).render("{{a}}", Escape.NONE);
        assertEquals(copy, input);
    }
}
