package io.jarbiter.tests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hook classes named in app.yaml, called at their moments, never taking the server down. */
@Timeout(120)
class HooksIT {
    @TempDir
    Path dir;

    @Test
    void everyLifecycleHookRunsInOrder() throws Exception {
        Path app = Jarbiter.exampleApp(dir, "hooks: [io.jarbiter.examples.LoggingHooks]\n");
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), "-w", "1", app.toString())) {
            j.awaitReady();
            j.awaitLog("hook whenReady");
            j.awaitLog("hook postWorkerInit");
            j.signal("TTIN");
            j.awaitLog("hook nworkersChanged: 1 -> 2");
            j.signal("HUP");
            j.awaitLog("hook onReload: generation 2");
            j.signal("TERM");
            assertEquals(0, j.awaitExit(Duration.ofSeconds(40)), j.tail());
            String log = j.log();
            String[] order = {"hook onStarting", "hook preFork", "hook postFork", "hook postWorkerInit", "hook whenReady",
                    "hook onReload", "hook workerExit", "hook childExit", "hook onExit"};
            int at = -1;
            for (String step : order) {
                int next = log.indexOf(step, Math.max(at, 0));
                assertTrue(next > at, step + " after the previous step:\n" + log);
                at = next;
            }
        }
    }

    @Test
    void throwingHookIsLoggedWithClassAndMethodAndServingGoesOn() throws Exception {
        Path app = Jarbiter.testApp(dir, "hooks: [io.jarbiter.tests.app.ThrowingHooks]\n");
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), "-w", "1", app.toString())) {
            int port = j.awaitReady();
            assertTrue(j.log().contains("Hook io.jarbiter.tests.app.ThrowingHooks.preFork failed"), j.tail());
            assertEquals(200, Http.get(port, "/hello").statusCode());
        }
    }

    @Test
    void onStartingFailureAbortsStartWithExitOne() throws Exception {
        Path app = Jarbiter.testApp(dir, "hooks: [io.jarbiter.tests.app.ThrowingHooks]\n");
        try (Jarbiter j = Jarbiter.start(dir, Map.of("THROW_ON_STARTING", "1"), app.toString())) {
            assertEquals(1, j.awaitExit(Duration.ofSeconds(30)), j.tail());
            assertTrue(j.log().contains("ThrowingHooks.onStarting failed"), j.tail());
            assertTrue(j.log().contains("refusing to start"), j.tail());
        }
    }

    @Test
    void preAndPostRequestRunAroundEachRequestAndAThrowingPreRequestDoesNotFailIt() throws Exception {
        Path app = Jarbiter.testApp(dir, "hooks: [io.jarbiter.tests.app.RequestLoggingHooks]\n");
        try (Jarbiter j = Jarbiter.start(dir, Map.of(), "-w", "1", app.toString())) {
            int port = j.awaitReady();
            long worker = j.bootedPids().get(0);
            assertEquals(200, Http.get(port, "/hello?who=a").statusCode());
            j.awaitLog("hook postRequest: worker " + worker + " GET /hello?who=a status 200 in ");
            assertTrue(j.log().indexOf("hook preRequest: worker " + worker + " GET /hello?who=a")
                    < j.log().indexOf("hook postRequest: worker " + worker + " GET /hello?who=a"), j.tail());
            assertEquals(404, Http.get(port, "/nowhere").statusCode());
            j.awaitLog("GET /nowhere? status 404 in ");

            assertEquals(200, Http.get(port, "/hello?throw=1").statusCode());
            j.awaitLog("Hook io.jarbiter.tests.app.RequestLoggingHooks.preRequest failed");
            j.awaitLog("GET /hello?throw=1 status 200 in ");
            java.util.regex.Matcher took = java.util.regex.Pattern.compile("GET /hello\\?who=a status 200 in (\\d+) us").matcher(j.log());
            assertTrue(took.find() && Long.parseLong(took.group(1)) > 0, j.tail());
        }
    }
}
