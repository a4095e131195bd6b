package io.jarbiter.web;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The router over a real socket: which route takes a path, as werkzeug ranks them. */
@Timeout(30)
class WebServerTest {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private WebServer.Listening listening;

    @BeforeEach
    void serve() {
        WebServer router = new WebServer();
        // the templates are registered first: registration order alone would hand /users/me to {id}
        router.register(answering("/users/{id}", "GET,DELETE", "user"));
        router.register(answering("/files/{name}/raw", "GET", "raw"));
        router.register(answering("/users/me", "GET", "me"));
        listening = router.listen("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        listening.close();
    }

    private static Route answering(String template, String methods, String name) {
        return Route.compile(template, methods, (exchange, vars) -> exchange.getResponseSender().send(name + vars));
    }

    @Test
    void aPathWithoutVariablesWinsOverATemplateThatAlsoMatches() throws Exception {
        assertEquals("me{}", send("GET", "/users/me").body());
        assertEquals("user{id=42}", send("GET", "/users/42").body());
    }

    @Test
    void templatesMatchWholePathsOnly() throws Exception {
        assertEquals("raw{name=a.txt}", send("GET", "/files/a.txt/raw").body());
        assertEquals(404, send("GET", "/files/a.txt").statusCode());
        assertEquals(404, send("GET", "/xfiles/a.txt/raw").statusCode());
        assertEquals(404, send("GET", "/files/a/b/raw").statusCode());
    }

    @Test
    void aMethodTheLiteralRouteLacksFallsToTheTemplateAndAllowListsBoth() throws Exception {
        assertEquals("user{id=me}", send("DELETE", "/users/me").body());
        HttpResponse<String> r = send("POST", "/users/me");
        assertEquals(405, r.statusCode());
        assertEquals("DELETE, GET", r.headers().firstValue("Allow").orElse(""));
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + listening.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
