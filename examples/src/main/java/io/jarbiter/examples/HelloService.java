package io.jarbiter.examples;

import io.jarbiter.container.Service;
import io.jarbiter.container.config.Config;
import io.jarbiter.timer.Timer;
import io.jarbiter.web.Http;
import io.jarbiter.web.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/** The example service: what `make run` serves on http://127.0.0.1:8000. */
@Service("hello_service")
public class HelloService {
    private static final Logger LOG = LoggerFactory.getLogger(HelloService.class);

    @Config
    Map<String, Object> config;

    /** A user-written provider (see {@link Stopwatch}): logs each call's duration at DEBUG. */
    @Stopwatch
    Long startedAt;

    /** A user-written entrypoint (see {@link OnStart}): runs once per worker at start. */
    @OnStart
    public void announce() {
        LOG.info("hello_service ready in worker {}", ProcessHandle.current().pid());
    }

    /**
     * nameko's {@code @timer}: every 60 s in every worker, the first tick at start ({@code eager}); a tick
     * never overlaps the previous one. Work that must run once per cluster does not belong here.
     */
    @Timer(interval = 60, eager = true)
    public void tick() {
        LOG.info("hello_service timer tick in worker {}", ProcessHandle.current().pid());
    }

    /** Never blocks, so it runs on the IO thread: no hand-off to a worker thread (see {@code nonBlocking}). */
    @Http(method = "GET", path = "/hello", nonBlocking = true)
    public String hello() {
        return "Hello, World!";
    }

    /** Greets by name; the greeting word comes from app.yaml's {@code greeting} key. Runs on a worker thread (the default). */
    @Http(method = "GET", path = "/hello/{name}")
    public String helloName(String name) {
        return config.getOrDefault("greeting", "Hello") + ", " + name + "!";
    }

    /** The pid of the worker that served the request. */
    @Http(method = "GET", path = "/pid")
    public String pid() {
        return Long.toString(ProcessHandle.current().pid());
    }

    /** Holds a request slot for {@code seconds}: for trying graceful stops and timeouts. */
    @Http(method = "GET", path = "/sleep/{seconds}")
    public String sleep(double seconds) throws InterruptedException {
        LOG.info("sleeping {} s in worker {}", formatted(seconds), ProcessHandle.current().pid());
        Thread.sleep((long) (seconds * 1000));
        return "slept " + formatted(seconds) + " s\n";
    }

    /** Always fails: a 500 with a JSON error body, and the stack trace in the error log. */
    @Http(method = "GET", path = "/boom")
    public String boom() {
        throw new IllegalStateException("boom");
    }

    /** Echoes a JSON body back with 201. */
    @Http(method = "POST", path = "/echo")
    public Response echo(Map<String, Object> body) {
        return Response.of(201, body);
    }

    private static String formatted(double seconds) {
        return seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds);
    }
}
