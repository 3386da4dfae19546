package io.switchboard.connector.pagerduty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.schema.SchemaError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The params schema, with the texts Kibana prints after {@code error validating action params: }. */
class PagerDutyParamsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final PagerDutyConnectorType type = new PagerDutyConnectorType(null, new com.fasterxml.jackson.databind.ObjectMapper());

    private JsonNode valid(String json) throws Exception {
        return type.paramsSchema().validate(JSON.readTree(json));
    }

    private String failure(String json) throws Exception {
        JsonNode params = JSON.readTree(json);
        return assertThrows(SchemaError.class, () -> type.paramsSchema().validate(params)).getMessage();
    }

    @Test
    void everyFieldIsOptionalAndNoDefaultsAreAdded() throws Exception {
        assertEquals("{}", valid("{}").toString());
        String full = "{\"eventAction\":\"trigger\",\"dedupKey\":\"k\",\"summary\":\"s\",\"source\":\"src\","
                + "\"severity\":\"critical\",\"timestamp\":\"2011-10-05T14:48:00.000Z\",\"component\":\"c\","
                + "\"group\":\"g\",\"class\":\"cl\",\"links\":[{\"href\":\"http://a\",\"text\":\"a\"}],"
                + "\"customDetails\":{\"a\":{\"b\":[1]}}}";
        assertEquals(full, valid(full).toString());
    }

    @Test
    void enumsAndTypes() throws Exception {
        assertEquals("[eventAction]: types that failed validation:\n"
                + "- [eventAction.0]: expected value to equal [trigger]\n"
                + "- [eventAction.1]: expected value to equal [resolve]\n"
                + "- [eventAction.2]: expected value to equal [acknowledge]", failure("{\"eventAction\":\"x\"}"));
        assertEquals("[severity]: types that failed validation:\n"
                + "- [severity.0]: expected value to equal [critical]\n"
                + "- [severity.1]: expected value to equal [error]\n"
                + "- [severity.2]: expected value to equal [warning]\n"
                + "- [severity.3]: expected value to equal [info]", failure("{\"severity\":\"fatal\"}"));
        assertEquals("[summary]: expected value of type [string] but got [number]", failure("{\"summary\":1}"));
        assertEquals("[links.0.text]: expected value of type [string] but got [undefined]",
                failure("{\"links\":[{\"href\":\"h\"}]}"));
        assertEquals("[links.0.x]: definition for this key is missing",
                failure("{\"links\":[{\"href\":\"h\",\"text\":\"t\",\"x\":1}]}"));
        assertEquals("[customDetails]: expected value of type [object] but got [Array]",
                failure("{\"customDetails\":[]}"));
        assertEquals("[foo]: definition for this key is missing", failure("{\"foo\":1}"));
    }

    @Test
    void lengthLimits() throws Exception {
        assertDoesNotThrow(() -> valid("{\"dedupKey\":\"" + "k".repeat(255) + "\"}"));
        assertEquals("[dedupKey]: value has length [256] but it must have a maximum length of [255].",
                failure("{\"dedupKey\":\"" + "k".repeat(256) + "\"}"));
        assertDoesNotThrow(() -> valid("{\"summary\":\"" + "s".repeat(1024) + "\"}"));
        assertEquals("[summary]: value has length [1025] but it must have a maximum length of [1024].",
                failure("{\"summary\":\"" + "s".repeat(1025) + "\"}"));
    }

    @Test
    void resolveAndAcknowledgeNeedADedupKey() throws Exception {
        assertEquals("DedupKey is required when eventAction is \"resolve\"", failure("{\"eventAction\":\"resolve\"}"));
        assertEquals("DedupKey is required when eventAction is \"acknowledge\"",
                failure("{\"eventAction\":\"acknowledge\",\"dedupKey\":\"\"}"));
        assertDoesNotThrow(() -> valid("{\"eventAction\":\"resolve\",\"dedupKey\":\"k\"}"));
        assertDoesNotThrow(() -> valid("{\"eventAction\":\"trigger\"}"));
    }

    @Test
    void timestampErrorComesFirstAndQuotesTheValueAsSent() throws Exception {
        assertEquals("error parsing timestamp \" not a date \"",
                failure("{\"timestamp\":\" not a date \",\"eventAction\":\"resolve\"}"));
        assertDoesNotThrow(() -> valid("{\"timestamp\":\"   \"}"));
        assertDoesNotThrow(() -> valid("{\"timestamp\":\"\"}"));
        assertDoesNotThrow(() -> valid("{\"timestamp\":\"\\u00a02011-10-05\\ufeff\"}"), "trimmed as JavaScript trims");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2011-10-05T14:48:00.000Z", "2011-10-05", "2011-10-05 14:48", "2011-10-05T14:48:00+02:00",
            "20111005T144800Z", "2011-W40-3", "2011-278", "2011-10", " 2011-10-05T14:48:00Z ",
            "Wed, 05 Oct 2011 14:48:00 GMT", "Oct 5, 2011", "October 5 2011 2:48 pm", "2011/10/05 14:48:00",
            "10/05/2011", "2011", "Wed Oct 05 2011 16:48:00 GMT+0200 (Central European Summer Time)",
            "/Date(1317826080000)/"})
    void timestampsMomentAccepts(String timestamp) {
        assertDoesNotThrow(() -> valid("{\"timestamp\":" + JSON.writeValueAsString(timestamp) + "}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "2011-13-05", "2011-02-30", "2011-10-05T25:00:00Z", "2011-10-05T14:61",
            "today at noon", "2011-10-05 later", "13/45/2011", "Thu, 05 Oct 2011 14:48:00 GMT",
            "31 Feb 2011 10:00 +0130", "2021-W53-1", "2011-W40-8", "2011-366", "2011-10-05T14:48:00+14:01",
            "2011-10-05T14:48:00+0260", "2011/10/05T14:48", "2011-10-05T14:48:00 +02:00", "Oct 5 2011 10 pm",
            "13:00 pm Oct 5 2011", "/Date(8640000000000001)/", "+275760-09-14", "x2011-10-05"})
    void timestampsMomentRejects(String timestamp) throws Exception {
        assertEquals("error parsing timestamp \"" + timestamp + "\"",
                failure("{\"timestamp\":" + JSON.writeValueAsString(timestamp) + "}"));
    }
}
