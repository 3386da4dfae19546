package io.switchboard.execution;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.switchboard.support.Database;
import io.switchboard.support.LogCapture;
import io.switchboard.support.LoopbackNames;
import io.switchboard.support.MisbehavingReceiver;
import io.switchboard.support.MisbehavingReceiver.Behaviour;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import static io.switchboard.support.Api.freshSpace;
import static io.switchboard.support.Api.kibana;
import static io.switchboard.support.Api.path;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code .webhook} executions against receivers that misbehave: each ends by its deadline with the error that names
 * what happened, writes its event row, and leaves no connection open and no thread behind.
 */
@QuarkusTest
@TestProfile(ReceiverFaultsTest.ShortDeadlines.class)
class ReceiverFaultsTest {

    /** A 1 s response timeout; an execution may take 3 s in all. */
    public static class ShortDeadlines implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("xpack.actions.responseTimeout", "1s", "switchboard.execution.timeout", "3s");
        }
    }

    private static final LogCapture LOGS = LogCapture.install();
    private static final int BURST = 20;
    /** The deadline of one execution and a margin for a loaded machine. */
    private static final long ANSWER_WITHIN_MILLIS = 3_000 + 4_000;

    @Inject
    DataSource dataSource;

    @Test
    void aReceiverThatNeverAnswersTimesOut() throws Exception {
        String message = burst(Behaviour.HANG);
        assertTrue(message.contains("timeout of 1000ms exceeded"), message);
    }

    @Test
    void aReceiverThatTricklesTimesOut() throws Exception {
        String message = burst(Behaviour.TRICKLE);
        assertTrue(message.contains("timeout of 1000ms exceeded"), message);
    }

    @Test
    void aResetConnectionIsReportedAsOne() throws Exception {
        int errorsBefore = LOGS.errors().size();
        String message = burst(Behaviour.RESET);
        assertTrue(message.contains("ECONNRESET") || message.contains("socket hang up"), message);
        assertEquals(List.of(), LOGS.errors().subList(errorsBefore, LOGS.errors().size()),
                "a peer's reset is the peer's failure, not an error of Switchboard's");
    }

    @Test
    void aTenMegabyteAnswerIsCutOffAtTheResponseCap() throws Exception {
        String message = burst(Behaviour.HUGE);
        assertTrue(message.contains("maxContentLength size of 1048576 exceeded"), message);
    }

    @Test
    void aRedirectLoopStops() throws Exception {
        String message = burst(Behaviour.REDIRECT_LOOP);
        assertTrue(message.contains("Maximum number of redirects exceeded"), message);
    }

    @Test
    void aHostResolvingToADeniedAddressIsNeverCalled() {
        String space = freshSpace();
        String id = create(space, "http://" + LoopbackNames.METADATA + "/latest/meta-data/");
        JsonPath answer = execute(space, id);
        assertEquals("error", answer.getString("status"));
        String message = answer.getString("service_message") + " " + answer.getString("message");
        assertTrue(message.contains("169.254.169.254") || message.contains("denied"), message);
    }

    /**
     * Runs {@value #BURST} executions at once against a receiver with the behaviour, twice: the first burst lets
     * pools start the threads they keep, the second must leave no more behind. Checks each answer's deadline and
     * shape, the event rows, and that Switchboard closed every connection. Returns one answer's messages.
     */
    private String burst(Behaviour behaviour) throws Exception {
        String space = freshSpace();
        List<String> messages = new ArrayList<>();
        try (MisbehavingReceiver receiver = new MisbehavingReceiver(behaviour)) {
            String id = create(space, receiver.url());
            runBurst(behaviour, space, id, messages);
            awaitZero(receiver::open, behaviour + ": connections left open by Switchboard");
            int threadsBefore = liveThreads();
            runBurst(behaviour, space, id, messages);
            assertTrue(receiver.accepted() > 0, behaviour + ": the receiver was called");
            awaitZero(receiver::open, behaviour + ": connections left open by Switchboard");
            awaitAtMost(threadsBefore, behaviour);
        }
        assertEventRows(space, behaviour, 2 * BURST);
        return messages.get(0);
    }

    private void runBurst(Behaviour behaviour, String space, String id, List<String> messages) throws Exception {
        List<CompletableFuture<JsonPath>> calls = new ArrayList<>();
        ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
        for (int i = 0; i < BURST; i++) {
            calls.add(CompletableFuture.supplyAsync(() -> timed(() -> execute(space, id)), callers));
        }
        callers.shutdown();
        for (CompletableFuture<JsonPath> call : calls) {
            JsonPath answer = call.get(60, TimeUnit.SECONDS);
            assertEquals("error", answer.getString("status"), behaviour + ": " + answer.prettify());
            assertEquals(id, answer.getString("connector_id"));
            messages.add(answer.getString("message") + " | " + answer.getString("service_message"));
        }
    }

    private JsonPath timed(java.util.function.Supplier<JsonPath> call) {
        long started = System.nanoTime();
        JsonPath answer = call.get();
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(tookMillis < ANSWER_WITHIN_MILLIS, "answered after " + tookMillis + " ms: " + answer.prettify());
        return answer;
    }

    private void assertEventRows(String space, Behaviour behaviour, int executions) {
        Database.flushEventLog();
        Integer failures = Database.count(dataSource, """
                SELECT count(*) FROM event_log WHERE space_id = ? AND action = 'execute' AND outcome = 'failure'""",
                space);
        assertEquals(executions, failures, behaviour + ": one failure row per execution");
    }

    private static String create(String space, String url) {
        return kibana().body("""
                {"name":"faulty","connector_type_id":".webhook","config":{"url":"%s","method":"post"}}""".formatted(url))
                .post(path(space, "/api/actions/connector")).then().statusCode(200).extract().path("id");
    }

    private static JsonPath execute(String space, String id) {
        return JsonPath.from(kibana().body("{\"params\":{\"body\":\"{}\"}}")
                .post(path(space, "/api/actions/connector/" + id + "/_execute"))
                .then().statusCode(200).extract().asString());
    }

    private static void awaitZero(IntSupplier count, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (count.getAsInt() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, count.getAsInt(), what);
    }

    /** Platform threads only: virtual threads end with their execution and pools may keep a few idle ones. */
    private static int liveThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).count();
    }

    private static void awaitAtMost(int before, Behaviour behaviour) throws InterruptedException {
        // Pools started their threads in the first burst; a leak would grow with every execution of the second.
        int allowed = before + 2;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (liveThreads() > allowed && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(liveThreads() <= allowed, behaviour + ": " + liveThreads() + " threads after, " + before
                + " before: " + Thread.getAllStackTraces().keySet().stream().map(Thread::getName).sorted().toList());
    }
}
