package io.jarbiter.bench.app;

import io.jarbiter.container.Service;
import io.jarbiter.web.Http;

/**
 * The bench's hello world ({@code bench/hello.yaml}): the same answer as the plain undertow and gunicorn
 * baselines, through the whole container (per-call instance, context, lifecycle, counters) and no
 * dependency providers of its own. The example app's {@code /hello} adds two providers per call and has
 * a row of its own.
 */
@Service("hello_world")
public class HelloWorldService {
    @Http(method = "GET", path = "/hello", nonBlocking = true)
    public String hello() {
        return "Hello, World!";
    }

    @Http(method = "GET", path = "/hello/{name}")
    public String helloName(String name) {
        return "Hello, " + name + "!";
    }
}
