package io.switchboard.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.switchboard.support.Api.assertError;
import static io.switchboard.support.Api.freshSpace;
import static io.switchboard.support.Api.kibana;
import static io.switchboard.support.Api.path;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class RuleReferencesTest {

    private static String rule(String space, String ruleId) {
        return path(space, "/api/actions/references/rule/" + ruleId);
    }

    private static void connector(String space, String id) {
        kibana().body("{\"name\":\"" + id + "\",\"connector_type_id\":\".server-log\"}")
                .post(path(space, "/api/actions/connector/" + id)).then().statusCode(200);
    }

    private static String idsBody(String... ids) {
        return "{\"connector_ids\":[" + Arrays.stream(ids).map(id -> "\"" + id + "\"")
                .collect(Collectors.joining(",")) + "]}";
    }

    private static void put(String space, String ruleId, String... connectorIds) {
        kibana().body(idsBody(connectorIds)).put(rule(space, ruleId)).then().statusCode(200);
    }

    /** referenced_by_count of every listed connector, by id. */
    private static Map<String, Integer> counts(String space) {
        List<Map<String, Object>> listed = kibana().get(path(space, "/api/actions/connectors")).then()
                .statusCode(200).extract().jsonPath().getList("$");
        return listed.stream().collect(Collectors.toMap(c -> (String) c.get("id"),
                c -> (Integer) c.get("referenced_by_count")));
    }

    @Test
    void putThenGetThenDelete() {
        String space = freshSpace();
        connector(space, "c1");
        connector(space, "c2");
        String answer = kibana().body(idsBody("c2", "c1")).put(rule(space, "rule-1"))
                .then().statusCode(200).extract().asString();
        assertEquals("{\"rule_id\":\"rule-1\",\"connector_ids\":[\"c2\",\"c1\"]}", answer);
        assertEquals(answer, kibana().get(rule(space, "rule-1")).then().statusCode(200).extract().asString());

        kibana().delete(rule(space, "rule-1")).then().statusCode(204);
        assertError(kibana().get(rule(space, "rule-1")).then(), 404,
                "No connector references stored for rule [rule-1]");
        assertError(kibana().delete(rule(space, "rule-1")).then(), 404,
                "No connector references stored for rule [rule-1]");
    }

    @Test
    void putReplacesTheWholeSet() {
        String space = freshSpace();
        connector(space, "c1");
        connector(space, "c2");
        connector(space, "c3");
        put(space, "r", "c1", "c2");
        put(space, "r", "c3", "c2");
        kibana().get(rule(space, "r")).then().statusCode(200).body("connector_ids", equalTo(List.of("c3", "c2")));
        Map<String, Integer> counts = counts(space);
        assertEquals(0, counts.get("c1"));
        assertEquals(1, counts.get("c2"));
        assertEquals(1, counts.get("c3"));
    }

    @Test
    void concurrentReplacementsEachLeaveOneWholeSet() throws Exception {
        String space = freshSpace();
        connector(space, "shared");
        int writers = 8;
        for (int i = 0; i < writers; i++) {
            connector(space, "c" + i);
        }
        for (int round = 0; round < 5; round++) {
            List<Integer> statuses;
            try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
                List<Future<Integer>> answers = IntStream.range(0, writers)
                        .mapToObj(i -> pool.submit(() -> kibana().body(idsBody("shared", "c" + i))
                                .put(rule(space, "r")).then().extract().statusCode()))
                        .toList();
                statuses = new ArrayList<>();
                for (Future<Integer> answer : answers) {
                    statuses.add(answer.get());
                }
            }
            assertEquals(Collections.nCopies(writers, 200), statuses);
            List<String> stored = kibana().get(rule(space, "r")).then().statusCode(200)
                    .extract().jsonPath().getList("connector_ids");
            assertEquals(2, stored.size(), "one writer's set, not a mix: " + stored);
            assertEquals("shared", stored.get(0));
        }
    }

    @Test
    void duplicatesAreDroppedKeepingTheFirstPosition() {
        String space = freshSpace();
        connector(space, "c1");
        connector(space, "c2");
        kibana().body(idsBody("c2", "c1", "c2", "c1", "c2")).put(rule(space, "r")).then().statusCode(200)
                .body("connector_ids", equalTo(List.of("c2", "c1")));
        kibana().get(rule(space, "r")).then().body("connector_ids", equalTo(List.of("c2", "c1")));
        assertEquals(1, counts(space).get("c2"));
    }

    @Test
    void anEmptySetStoresNothing() {
        String space = freshSpace();
        connector(space, "c1");
        put(space, "r", "c1");
        kibana().body("{\"connector_ids\":[]}").put(rule(space, "r")).then().statusCode(200)
                .body("rule_id", equalTo("r")).body("connector_ids", equalTo(List.of()));
        kibana().get(rule(space, "r")).then().statusCode(404);
        assertEquals(0, counts(space).get("c1"));
    }

    @Test
    void listCountsDistinctRulesBeforeAndAfter() {
        String space = freshSpace();
        connector(space, "c1");
        connector(space, "c2");
        assertEquals(0, counts(space).get("c1"));
        assertEquals(0, counts(space).get("c2"));

        put(space, "r1", "c1", "c2");
        put(space, "r2", "c1");
        put(space, "r3", "c1");
        put(space, "r3", "c1");
        Map<String, Integer> counts = counts(space);
        assertEquals(3, counts.get("c1"));
        assertEquals(1, counts.get("c2"));

        kibana().delete(rule(space, "r1")).then().statusCode(204);
        counts = counts(space);
        assertEquals(2, counts.get("c1"));
        assertEquals(0, counts.get("c2"));
    }

    @Test
    void spacesAreKeptApart() {
        String a = freshSpace();
        String b = freshSpace();
        connector(a, "shared");
        connector(b, "shared");
        put(a, "r", "shared");
        assertEquals(1, counts(a).get("shared"));
        assertEquals(0, counts(b).get("shared"));
        assertError(kibana().get(rule(b, "r")).then(), 404, "No connector references stored for rule [r]");
        assertError(kibana().delete(rule(b, "r")).then(), 404, "No connector references stored for rule [r]");

        connector(a, "only-in-a");
        assertError(kibana().body(idsBody("only-in-a")).put(rule(b, "r")).then(), 400,
                "Saved object [action/only-in-a] not found");
        kibana().get(rule(a, "r")).then().statusCode(200).body("connector_ids", equalTo(List.of("shared")));
    }

    @Test
    void theDefaultSpaceIsTheSameWithAndWithoutPrefix() {
        String ruleId = "default-" + UUID.randomUUID();
        kibana().body(idsBody("preconfigured-server-log")).put("/api/actions/references/rule/" + ruleId)
                .then().statusCode(200);
        kibana().get("/s/default/api/actions/references/rule/" + ruleId).then().statusCode(200)
                .body("connector_ids", equalTo(List.of("preconfigured-server-log")));
        kibana().delete("/s/default/api/actions/references/rule/" + ruleId).then().statusCode(204);
        kibana().get("/api/actions/references/rule/" + ruleId).then().statusCode(404);
    }

    @Test
    void preconfiguredConnectorsAreCountedPerSpace() {
        String space = freshSpace();
        put(space, "r1", "my-slack1");
        put(space, "r2", "my-slack1", "preconfigured-server-log");
        Map<String, Integer> counts = counts(space);
        assertEquals(2, counts.get("my-slack1"));
        assertEquals(1, counts.get("preconfigured-server-log"));
        assertEquals(0, counts.get("exposed-index"));

        Map<String, Integer> elsewhere = counts(freshSpace());
        assertEquals(0, elsewhere.get("my-slack1"));
        assertEquals(0, elsewhere.get("preconfigured-server-log"));
    }

    @Test
    void referencesOutliveTheirConnectorAndCountForOneRecreatedUnderItsId() {
        String space = freshSpace();
        connector(space, "c1");
        put(space, "r", "c1");
        kibana().delete(path(space, "/api/actions/connector/c1")).then().statusCode(204);
        kibana().get(rule(space, "r")).then().statusCode(200).body("connector_ids", equalTo(List.of("c1")));
        connector(space, "c1");
        assertEquals(1, counts(space).get("c1"));
    }

    @Test
    void unknownConnectorIsRefusedAndKeepsTheStoredSet() {
        String space = freshSpace();
        connector(space, "c1");
        put(space, "r", "c1");
        assertError(kibana().body(idsBody("c1", "my-slack1", "missing-one", "missing-two")).put(rule(space, "r"))
                .then(), 400, "Saved object [action/missing-one] not found");
        kibana().get(rule(space, "r")).then().statusCode(200).body("connector_ids", equalTo(List.of("c1")));
        assertError(kibana().body(idsBody("nowhere")).put(rule(space, "new-rule")).then(), 400,
                "Saved object [action/nowhere] not found");
        kibana().get(rule(space, "new-rule")).then().statusCode(404);
    }

    @Test
    void badBodiesAreRefusedWithKibanaMessages() {
        String space = freshSpace();
        connector(space, "c1");
        assertError(kibana().put(rule(space, "r")).then(), 400,
                "[request body]: expected a plain object value, but found [null] instead.");
        assertError(kibana().body("{}").put(rule(space, "r")).then(), 400,
                "[request body.connector_ids]: expected value of type [array] but got [undefined]");
        assertError(kibana().body("{\"connector_ids\":null}").put(rule(space, "r")).then(), 400,
                "[request body.connector_ids]: expected value of type [array] but got [null]");
        assertError(kibana().body("{\"connector_ids\":\"c1\"}").put(rule(space, "r")).then(), 400,
                "[request body.connector_ids]: expected value of type [array] but got [string]");
        assertError(kibana().body("{\"connector_ids\":[\"c1\",7]}").put(rule(space, "r")).then(), 400,
                "[request body.connector_ids.1]: expected value of type [string] but got [number]");
        assertError(kibana().body("{\"connector_ids\":[\"\"]}").put(rule(space, "r")).then(), 400,
                "[request body.connector_ids.0]: value has length [0] but it must have a minimum length of [1].");
        assertError(kibana().body("{\"connector_ids\":[\"c1\"],\"rule\":\"x\"}").put(rule(space, "r")).then(), 400,
                "[request body.rule]: definition for this key is missing");
        assertError(kibana().body("{\"connector_ids\":[").put(rule(space, "r")).then(), 400,
                "Invalid request payload JSON format");
        String tooMany = idsBody(IntStream.rangeClosed(0, RuleReferenceResource.MAX_CONNECTORS)
                .mapToObj(i -> "c1").toArray(String[]::new));
        assertError(kibana().body(tooMany).put(rule(space, "r")).then(), 400,
                "[request body.connector_ids]: array size is [1001], but cannot be greater than [1000]");
        kibana().get(rule(space, "r")).then().statusCode(404);
        assertEquals(0, counts(space).get("c1"));
    }

    @Test
    void ruleIdLengthIsLimited() {
        String space = freshSpace();
        connector(space, "c1");
        String longest = "r".repeat(RuleReferenceResource.MAX_RULE_ID_LENGTH);
        put(space, longest, "c1");
        kibana().get(rule(space, longest)).then().statusCode(200).body("rule_id", equalTo(longest));
        String tooLong = longest + "r";
        String message = "[request params.rule_id]: value has length [1001] but it must have a maximum length of [1000].";
        assertError(kibana().body(idsBody("c1")).put(rule(space, tooLong)).then(), 400, message);
        assertError(kibana().get(rule(space, tooLong)).then(), 400, message);
        assertError(kibana().delete(rule(space, tooLong)).then(), 400, message);
    }

    @Test
    void writesNeedTheXsrfHeader() {
        String space = freshSpace();
        connector(space, "c1");
        assertError(RestAssured.given().contentType("application/json").body(idsBody("c1")).put(rule(space, "r"))
                .then(), 400, "Request must contain a kbn-xsrf header.");
        assertError(RestAssured.given().delete(rule(space, "r")).then(), 400,
                "Request must contain a kbn-xsrf header.");
        kibana().get(rule(space, "r")).then().statusCode(404);
    }
}
