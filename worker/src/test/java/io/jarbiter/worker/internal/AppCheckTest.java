package io.jarbiter.worker.internal;

import io.jarbiter.amqp.Rpc;
import io.jarbiter.amqp.RpcProxy;
import io.jarbiter.amqp.ServiceProxy;
import io.jarbiter.conf.Config;
import io.jarbiter.container.Service;
import io.jarbiter.timer.Timer;
import io.jarbiter.web.Http;
import io.jarbiter.process.WorkerContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The worker side of --check-config: every problem a boot could stop at, and nothing started. */
@Timeout(60)
class AppCheckTest {
    @TempDir
    Path dir;

    @Service("fine")
    public static class Fine {
        @RpcProxy("elsewhere")
        ServiceProxy other;

        @Http(method = "GET", path = "/fine/{id}")
        public String get(String id) {
            return id;
        }

        @Rpc
        public String call() {
            return "";
        }

        @Timer(interval = 0.01, eager = true)
        public void tick() {
            throw new AssertionError("a check never starts a timer");
        }
    }

    @Service("two_problems")
    public static class TwoProblems {
        @Http(method = "GET", path = "/x/{id")
        public String badTemplate(String id) {
            return id;
        }

        @Http(method = "GET", path = "/y/{id}")
        public String noSuchVariable(String other) {
            return other;
        }
    }

    @Service("fine")
    public static class SameName {
        public SameName(String needsAnArgument) {
        }
    }

    private Config config(String services, String hooks) throws Exception {
        Path app = dir.resolve("app.yaml");
        Files.writeString(app, "services: [" + services + "]\nhooks: [" + hooks + "]\n"
                // a broker nobody listens for: a check that connected would fail
                + "AMQP_URI: amqp://guest:guest@127.0.0.1:1/\n");
        return Config.load(List.of(app.toString()), Map.of());
    }

    private static String name(Class<?> c) {
        return c.getName();
    }

    @Test
    void aWellDefinedAppPassesWithoutStartingAnything() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = AppCheck.run(config(name(Fine.class), ""), getClass().getClassLoader(), new PrintStream(out, true, StandardCharsets.UTF_8));
        assertEquals(WorkerContract.EXIT_OK, code, out.toString(StandardCharsets.UTF_8));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        assertFalse(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("fine-")), "no managed thread");
    }

    @Test
    void everyProblemIsReportedOnceInBootOrderWithTheBootsLine() throws Exception {
        Config config = config(String.join(", ", name(TwoProblems.class), "com.acme.Missing", name(Fine.class), name(SameName.class)),
                "com.acme.NoHook");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = AppCheck.run(config, getClass().getClassLoader(), new PrintStream(out, true, StandardCharsets.UTF_8));
        assertEquals(WorkerContract.APP_LOAD_ERROR, code);
        String p = WorkerContract.CHECK_PROBLEM;
        String two = TwoProblems.class.getName();
        assertEquals(List.of(
                p + "hooks: class com.acme.NoHook not found on the classpath; check 'classpath' and 'hooks' in the app file"
                        + " (java.lang.ClassNotFoundException: com.acme.NoHook)",
                p + two + ".badTemplate(String): @Http path '/x/{id' is not a valid template: unclosed '{'",
                p + two + ".noSuchVariable(String): path variable {id} has no parameter of that name",
                p + "class com.acme.Missing not found on classpath []; check 'services' and 'classpath' in " + config.appYaml(),
                p + SameName.class.getName() + ": a service needs a no-argument constructor (one instance is made per call)",
                p + SameName.class.getName() + ": service name 'fine' is already used by " + Fine.class.getName() + "; service names must be unique"),
                out.toString(StandardCharsets.UTF_8).lines().toList());
    }
}
