package io.switchboard.connector.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.schema.SchemaError;
import org.junit.jupiter.api.Test;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The params schema, with the texts Kibana prints after {@code error validating action params: }. */
class JiraParamsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final JiraConnectorType type = new JiraConnectorType(null, new com.fasterxml.jackson.databind.ObjectMapper());

    private static final String HEAD = "types that failed validation:\n"
            + "- [0.subAction]: expected value to equal [getFields]\n"
            + "- [1.subAction]: expected value to equal [getIncident]\n"
            + "- [2.subAction]: expected value to equal [handshake]\n";
    private static final String TAIL = "\n- [4.subAction]: expected value to equal [issueTypes]\n"
            + "- [5.subAction]: expected value to equal [fieldsByIssueType]\n"
            + "- [6.subAction]: expected value to equal [issues]\n"
            + "- [7.subAction]: expected value to equal [issue]";

    private JsonNode valid(String json) throws Exception {
        return type.paramsSchema().validate(JSON.readTree(json));
    }

    private String failure(String json) throws Exception {
        JsonNode params = JSON.readTree(json);
        return assertThrows(SchemaError.class, () -> type.paramsSchema().validate(params)).getMessage();
    }

    private static String push(String incident) {
        return "{\"subAction\":\"pushToService\",\"subActionParams\":{\"incident\":" + incident + ",\"comments\":[]}}";
    }

    @Test
    void unknownSubActionListsEveryAlternative() throws Exception {
        assertEquals(HEAD + "- [3.subAction]: expected value to equal [pushToService]" + TAIL,
                failure("{\"subAction\":\"non-supported\"}"));
    }

    @Test
    void pushWithoutParamsOrSummary() throws Exception {
        String expected = HEAD + "- [3.subActionParams.incident.summary]: expected value of type [string] but got "
                + "[undefined]" + TAIL;
        assertEquals(expected, failure("{\"subAction\":\"pushToService\"}"));
        assertEquals(expected, failure(push("{\"description\":\"success\"}")));
    }

    @Test
    void pushFillsNullDefaultsInKibanaOrder() throws Exception {
        assertEquals("{\"subAction\":\"pushToService\",\"subActionParams\":{\"incident\":{\"summary\":\"s\","
                        + "\"description\":null,\"externalId\":null,\"issueType\":null,\"priority\":null,"
                        + "\"labels\":null,\"parent\":null,\"otherFields\":null},\"comments\":null}}",
                valid("{\"subAction\":\"pushToService\",\"subActionParams\":{\"incident\":{\"summary\":\"s\"}}}")
                        .toString());
    }

    @Test
    void commentsNeedBothKeys() throws Exception {
        assertEquals(HEAD + "- [3.subActionParams.comments]: types that failed validation:\n"
                        + " - [subActionParams.comments.0.0.commentId]: expected value of type [string] but got "
                        + "[undefined]\n"
                        + " - [subActionParams.comments.1]: expected value to equal [null]" + TAIL,
                failure("{\"subAction\":\"pushToService\",\"subActionParams\":{\"incident\":{\"summary\":\"s\"},"
                        + "\"comments\":[{\"comment\":\"c\"}]}}"));
        assertEquals(HEAD + "- [3.subActionParams.comments]: types that failed validation:\n"
                        + " - [subActionParams.comments.0.0.comment]: expected value of type [string] but got "
                        + "[undefined]\n"
                        + " - [subActionParams.comments.1]: expected value to equal [null]" + TAIL,
                failure("{\"subAction\":\"pushToService\",\"subActionParams\":{\"incident\":{\"summary\":\"s\"},"
                        + "\"comments\":[{\"commentId\":\"c\"}]}}"));
    }

    @Test
    void labelsMayNotContainWhitespace() throws Exception {
        assertEquals(HEAD + "- [3.subActionParams.incident.labels]: types that failed validation:\n"
                        + " - [subActionParams.incident.labels.0.0]: The label label with spaces cannot contain spaces\n"
                        + " - [subActionParams.incident.labels.1]: expected value to equal [null]" + TAIL,
                failure(push("{\"summary\":\"s\",\"issueType\":\"10006\",\"labels\":[\"label with spaces\"]}")));
        assertEquals(HEAD + "- [3.subActionParams.incident.labels]: types that failed validation:\n"
                        + " - [subActionParams.incident.labels.0.1]: The label tab\there cannot contain spaces\n"
                        + " - [subActionParams.incident.labels.1]: expected value to equal [null]" + TAIL,
                failure(push("{\"summary\":\"s\",\"labels\":[\"ok\",\"tab\\there\"]}")));
        assertDoesNotThrow(() -> valid(push("{\"summary\":\"s\",\"labels\":[\"a\",\"b-c\"]}")));
    }

    @Test
    void otherFieldsMayNotRedefineIncidentProperties() throws Exception {
        for (String property : new String[] {"summary", "description", "externalId", "issueType", "priority",
                "labels", "parent", "otherFields"}) {
            assertEquals(HEAD + "- [3.subActionParams.incident.otherFields]: types that failed validation:\n"
                            + " - [subActionParams.incident.otherFields.0.key(\"" + property + "\")]: The following "
                            + "properties cannot be defined inside otherFields: " + property + ".\n"
                            + " - [subActionParams.incident.otherFields.1]: expected value to equal [null]" + TAIL,
                    failure(push("{\"summary\":\"s\",\"otherFields\":{\"custom\":1,\"" + property + "\":\"x\"}}")));
        }
        assertEquals("{\"foo\":\"bar\",\"foo1\":true,\"foo2\":2}",
                valid(push("{\"summary\":\"s\",\"otherFields\":{\"foo\":\"bar\",\"foo1\":true,\"foo2\":2}}"))
                        .at("/subActionParams/incident/otherFields").toString());
    }

    @Test
    void otherFieldsHoldAtMostTwenty() throws Exception {
        String twenty = IntStream.range(0, 20).mapToObj(i -> "\"f" + i + "\":" + i).collect(Collectors.joining(","));
        assertDoesNotThrow(() -> valid(push("{\"summary\":\"s\",\"otherFields\":{" + twenty + "}}")));
        assertEquals(HEAD + "- [3.subActionParams.incident.otherFields]: types that failed validation:\n"
                        + " - [subActionParams.incident.otherFields.0]: A maximum of 20 fields in otherFields can be "
                        + "defined at a time.\n"
                        + " - [subActionParams.incident.otherFields.1]: expected value to equal [null]" + TAIL,
                failure(push("{\"summary\":\"s\",\"otherFields\":{" + twenty + ",\"f20\":20}}")));
    }

    @Test
    void otherSubActions() throws Exception {
        assertEquals("{\"subAction\":\"getIncident\",\"subActionParams\":{\"externalId\":\"10\"}}",
                valid("{\"subAction\":\"getIncident\",\"subActionParams\":{\"externalId\":\"10\"}}").toString());
        for (String name : new String[] {"getFields", "handshake", "issueTypes"}) {
            assertDoesNotThrow(() -> valid("{\"subAction\":\"" + name + "\",\"subActionParams\":{}}"));
        }
        assertDoesNotThrow(() -> valid("{\"subAction\":\"fieldsByIssueType\",\"subActionParams\":{\"id\":\"1\"}}"));
        assertDoesNotThrow(() -> valid("{\"subAction\":\"issues\",\"subActionParams\":{\"title\":\"t\"}}"));
        assertDoesNotThrow(() -> valid("{\"subAction\":\"issue\",\"subActionParams\":{\"id\":\"RJ-1\"}}"));
        assertEquals("types that failed validation:\n"
                        + "- [0.subActionParams.extra]: definition for this key is missing\n"
                        + "- [1.subAction]: expected value to equal [getIncident]\n"
                        + "- [2.subAction]: expected value to equal [handshake]\n"
                        + "- [3.subAction]: expected value to equal [pushToService]" + TAIL,
                failure("{\"subAction\":\"getFields\",\"subActionParams\":{\"extra\":1}}"));
        assertEquals("types that failed validation:\n"
                        + "- [0.subAction]: expected value to equal [getFields]\n"
                        + "- [1.subAction]: expected value to equal [getIncident]\n"
                        + "- [2.subAction]: expected value to equal [handshake]\n"
                        + "- [3.subAction]: expected value to equal [pushToService]\n"
                        + "- [4.subAction]: expected value to equal [issueTypes]\n"
                        + "- [5.subActionParams.id]: expected value of type [string] but got [undefined]\n"
                        + "- [6.subAction]: expected value to equal [issues]\n"
                        + "- [7.subAction]: expected value to equal [issue]",
                failure("{\"subAction\":\"fieldsByIssueType\",\"subActionParams\":{}}"));
    }
}
