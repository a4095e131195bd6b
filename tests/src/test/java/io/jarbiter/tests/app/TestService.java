package io.jarbiter.tests.app;

import io.jarbiter.container.Service;
import io.jarbiter.web.Http;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A service for process tests: what the example app has no reason to do. */
@Service("test_service")
public class TestService {
    private static final Logger LOG = LoggerFactory.getLogger(TestService.class);
    private static final AtomicInteger ORPHANS = new AtomicInteger();

    /** Fails the container's start when app.yaml says {@code fail_on_start: true}. */
    @FailOnStart
    Object startupCheck;

    @Http(path = "/hello")
    public String hello() {
        return "Hello, World!";
    }

    /** Takes a JSON body of up to 4 MiB, past limit_request_body's default of 1 MiB. */
    @Http(method = "POST", path = "/upload", maxBodySize = 4 * 1024 * 1024)
    public String upload(Map<String, Object> body) {
        return "took " + body.size() + " fields\n";
    }

    /** Leaves an orphan behind: a shell that backgrounds a short sleep and exits at once. */
    @Http(path = "/orphan")
    public String orphan() throws IOException, InterruptedException {
        Process sh = new ProcessBuilder("sh", "-c", "sleep 0.2 &").start();
        if (!sh.waitFor(10, TimeUnit.SECONDS)) throw new IllegalStateException("sh did not exit");
        LOG.info("orphans spawned: {}", ORPHANS.incrementAndGet());
        return "orphaned\n";
    }
}
