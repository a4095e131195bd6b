package io.jarbiter.web;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jarbiter.container.Service;
import io.jarbiter.container.ServiceDefinitionException;
import io.jarbiter.testing.ContainerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad HTTP input, over a real socket: always a 400 saying what is wrong and where, never a 500. */
@Timeout(60)
class HttpBodyBindingTest {
    /** Any annotation named Nullable marks a field optional: a declaration annotation, as jakarta.annotation's. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD})
    @interface Nullable {}

    /** ... or a type-use one, as org.jspecify's. */
    static final class TypeUse {
        @Retention(RetentionPolicy.RUNTIME)
        @Target(ElementType.TYPE_USE)
        @interface Nullable {}
    }

    public enum Status { OPEN, DONE }

    public record Subtask(String name, int minutes) {}

    public record Todo(String title, boolean done, @Nullable String note, @TypeUse.Nullable String owner, Optional<LocalDate> due,
                       Optional<Status> status, Optional<List<Subtask>> subtasks, @JsonProperty("prio") Optional<Integer> priority) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Lenient(String title, Optional<Email> email) {}

    /** A value class Jackson builds from a string, through its constructor. */
    public static final class Email {
        final String address;

        @JsonCreator
        public Email(String address) {
            if (!address.contains("@")) throw new IllegalArgumentException("not an e-mail address");
            this.address = address;
        }
    }

    /** A POJO with a setter: the same rule as records. */
    public static class Label {
        private String text;
        private Optional<String> colour = Optional.empty();

        public void setText(String text) {
            this.text = text;
        }

        public void setColour(Optional<String> colour) {
            this.colour = colour;
        }

        public String describe() {
            return text + "/" + colour.orElse("-");
        }
    }

    /** Every entrypoint of this service ignores unknown fields. */
    @Service("lenient_todo")
    @io.jarbiter.web.IgnoreUnknownFields
    public static class LenientTodoService {
        @Http(method = "POST", path = "/lenient-service/todos")
        public String create(Todo todo) {
            return todo.title();
        }
    }

    @Service("todo")
    public static class TodoService {
        @Http(method = "POST", path = "/todos")
        public Response create(Todo todo) {
            return Response.of(201, todo);
        }

        @Http(method = "POST", path = "/todos/many")
        public int many(List<Todo> todos) {
            return todos.size();
        }

        @Http(method = "POST", path = "/todos/loose", ignoreUnknownFields = true)
        public String loose(Todo todo) {
            return todo.title();
        }

        @Http(method = "POST", path = "/lenient")
        public String lenient(Lenient l) {
            return l.title() + l.email().map(e -> " <" + e.address + ">").orElse("");
        }

        @Http(method = "POST", path = "/labels")
        public String label(Label label) {
            return label.describe();
        }

        @Http(method = "POST", path = "/maybe")
        public String maybe(Optional<Todo> todo) {
            return todo.map(Todo::title).orElse("none");
        }

        @Http(method = "POST", path = "/counts")
        public int counts(Map<String, Integer> counts) {
            return counts.values().stream().mapToInt(Integer::intValue).sum();
        }

        @Http(path = "/due/{day}")
        public String due(LocalDate day, Status status, Optional<Integer> limit, Instant after) {
            return day + " " + status + " " + limit.orElse(-1) + " " + after;
        }
    }

    @Service("bad_query")
    public static class BadQuery {
        @Http(path = "/at")
        public String at(LocalTime at) {
            return String.valueOf(at);
        }
    }

    @Service("bad_path")
    public static class BadPath {
        @Http(path = "/at/{at}")
        public String at(LocalTime at) {
            return String.valueOf(at);
        }
    }

    @Service("bad_char")
    public static class BadChar {
        @Http(path = "/c")
        public String c(char c) {
            return String.valueOf(c);
        }
    }

    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    ContainerFactory factory;
    int port;

    @BeforeEach
    void setUp() throws Exception {
        factory = new ContainerFactory();
        factory.create(TodoService.class, Map.of()).start();
        factory.create(LenientTodoService.class, Map.of()).start();
        port = factory.httpPort();
    }

    @AfterEach
    void tearDown() {
        factory.close();
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20));
        if (body != null) b.header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The 400's message, after checking it is the documented error shape with no internals in it. */
    String badRequest(String method, String path, String body) throws Exception {
        HttpResponse<String> r = send(method, path, body);
        assertEquals(400, r.statusCode(), r.body());
        JsonNode json = JSON.readTree(r.body());
        assertEquals("BadRequest", json.path("error").asText(), r.body());
        assertEquals(2, json.size(), r.body());
        String message = json.path("message").asText();
        assertFalse(message.contains("Exception") || message.contains("at io.") || message.contains("io.jarbiter"), message);
        return message;
    }

    @Test
    void aMissingOrEmptyBodyIs400SayingWhatIsExpected() throws Exception {
        for (String body : new String[]{null, "", "  \n", "null"}) {
            String m = badRequest("POST", "/todos", body);
            assertEquals("a JSON body is required for 'todo': an object (Todo)", m, "body " + body);
        }
        assertEquals("a JSON body is required for 'todos': a list of Todo", badRequest("POST", "/todos/many", null));
        assertEquals("none", send("POST", "/maybe", null).body(), "an Optional body may be left out");
    }

    @Test
    void aMissingOrNullRequiredFieldIs400NamingIt() throws Exception {
        assertEquals("missing required field 'title': a string in Todo", badRequest("POST", "/todos", "{\"done\": true}"));
        assertEquals("field 'title' must not be null: a string in Todo", badRequest("POST", "/todos", "{\"title\": null, \"done\": true}"));
        assertEquals("missing required field 'done': true or false in Todo", badRequest("POST", "/todos", "{\"title\": \"x\"}"),
                "a primitive is always required");
        assertEquals("missing required field '[1].title': a string in Todo",
                badRequest("POST", "/todos/many", "[{\"title\": \"a\", \"done\": false}, {\"done\": false}]"));
        assertEquals("missing required field 'subtasks[0].minutes': an integer (int) in Subtask",
                badRequest("POST", "/todos", "{\"title\": \"x\", \"done\": false, \"subtasks\": [{\"name\": \"a\"}]}"));
        assertEquals("missing required field 'text': a string in Label", badRequest("POST", "/labels", "{\"colour\": \"red\"}"));
    }

    @Test
    void optionalAndNullableFieldsMayBeLeftOut() throws Exception {
        HttpResponse<String> r = send("POST", "/todos", "{\"title\": \"tea\", \"done\": false}");
        assertEquals(201, r.statusCode(), r.body());
        JsonNode todo = JSON.readTree(r.body());
        assertEquals("tea", todo.path("title").asText());
        assertTrue(todo.path("note").isNull() && todo.path("owner").isNull() && todo.path("due").isNull(), r.body());
        r = send("POST", "/todos", "{\"title\": \"tea\", \"done\": true, \"note\": null, \"due\": \"2024-05-31\", \"status\": \"DONE\","
                + " \"prio\": 2, \"subtasks\": [{\"name\": \"boil\", \"minutes\": 3}]}");
        assertEquals(201, r.statusCode(), r.body());
        todo = JSON.readTree(r.body());
        assertEquals("2024-05-31", todo.path("due").asText());
        assertEquals(3, todo.path("subtasks").get(0).path("minutes").asInt());
        assertEquals(2, todo.path("prio").asInt(), "@JsonProperty renames are the JSON names");
        assertEquals("ink/-", send("POST", "/labels", "{\"text\": \"ink\"}").body());
    }

    @Test
    void anUnknownFieldIs400NamingItAndTheKnownOnes() throws Exception {
        assertEquals("unknown field 'titel' in Todo (did you mean 'title'?); known fields: title, done, note, owner, due, status, subtasks, prio",
                badRequest("POST", "/todos", "{\"titel\": \"x\"}"));
        assertEquals("unknown field 'subtasks[0].mins' in Subtask; known fields: name, minutes",
                badRequest("POST", "/todos", "{\"title\": \"x\", \"done\": false, \"subtasks\": [{\"name\": \"a\", \"minutes\": 1, \"mins\": 1}]}"));
        assertTrue(badRequest("POST", "/todos", "{\"title\": \"x\", \"done\": false, \"priority\": 1}").contains("'priority'"),
                "the Java name of a renamed field is unknown");
        assertEquals("x", send("POST", "/todos/loose", "{\"title\": \"x\", \"done\": false, \"extra\": 1, \"subtasks\": [{\"name\": \"a\", \"minutes\": 1, \"more\": 2}]}").body(),
                "@Http(ignoreUnknownFields = true) ignores them at any depth");
        assertEquals("y", send("POST", "/lenient", "{\"title\": \"y\", \"extra\": 1}").body(), "@JsonIgnoreProperties(ignoreUnknown = true) too");
        assertEquals("z", send("POST", "/lenient-service/todos", "{\"title\": \"z\", \"done\": false, \"extra\": 1}").body(),
                "@IgnoreUnknownFields on the service class too");
    }

    @Test
    void theWrongJsonTypeIs400NamingThePathAndTheExpectedType() throws Exception {
        assertEquals("field 'title' must be a string, got a number '5'", badRequest("POST", "/todos", "{\"title\": 5, \"done\": false}"));
        assertEquals("field 'done' must be true or false, got a string 'yes'", badRequest("POST", "/todos", "{\"title\": \"x\", \"done\": \"yes\"}"));
        assertEquals("field 'prio' must be an integer (Integer), got a string 'high'",
                badRequest("POST", "/todos", "{\"title\": \"x\", \"done\": false, \"prio\": \"high\"}"));
        assertEquals("field 'prio' must be an integer (Integer), got a number '1.5'",
                badRequest("POST", "/todos", "{\"title\": \"x\", \"done\": false, \"prio\": 1.5}"));
        assertEquals("field 'subtasks' must be a list of Subtask, got an object",
                badRequest("POST", "/todos", "{\"title\": \"x\", \"done\": false, \"subtasks\": {\"name\": \"a\"}}"));
        assertEquals("field 'subtasks[1].minutes' must be an integer (int), got a string '3'",
                badRequest("POST", "/todos", "{\"title\": \"x\", \"done\": false, \"subtasks\": [{\"name\": \"a\", \"minutes\": 1}, {\"name\": \"b\", \"minutes\": \"3\"}]}"));
        assertEquals("the body must be an object (Todo), got a list", badRequest("POST", "/todos", "[]"));
        assertEquals("field 'subtasks[0]' must be an object (Subtask), got a string 'boil'",
                badRequest("POST", "/todos", "{\"title\": \"x\", \"done\": false, \"subtasks\": [\"boil\"]}"));
        assertEquals("z <z@example.com>", send("POST", "/lenient", "{\"title\": \"z\", \"email\": \"z@example.com\"}").body(),
                "a class built from a string takes a string");
        assertTrue(badRequest("POST", "/lenient", "{\"title\": \"z\", \"email\": \"nobody\"}").startsWith("field 'email'"));
        assertEquals("the body must be a list of Todo, got an object", badRequest("POST", "/todos/many", "{}"));
        assertEquals("field 'b' must be an integer (Integer), got a string 'x'", badRequest("POST", "/counts", "{\"a\": 1, \"b\": \"x\"}"));
        // values whose text Jackson parses: its refusal, said the same way
        assertEquals("field 'due' must be LocalDate, got 'tomorrow'",
                badRequest("POST", "/todos", "{\"title\": \"x\", \"done\": false, \"due\": \"tomorrow\"}"));
        assertEquals("field 'status' must be Status (one of OPEN, DONE), got 'LATE'",
                badRequest("POST", "/todos", "{\"title\": \"x\", \"done\": false, \"status\": \"LATE\"}"));
        assertTrue(badRequest("POST", "/todos", "{\"title\": \"x\", \"done\": false, \"prio\": 99999999999}").startsWith("field 'prio'"));
    }

    @Test
    void invalidJsonIs400WithWhereItBroke() throws Exception {
        assertTrue(badRequest("POST", "/todos", "{not json").startsWith("the body is not valid JSON: "));
        assertTrue(badRequest("POST", "/todos", "{\"title\": \"x\", \"done\": false} {}").startsWith("the body is not valid JSON: "),
                "trailing content");
        assertEquals(201, send("POST", "/todos", "{\"title\": \"x\", \"done\": false}").statusCode(), "still serving");
    }

    @Test
    void javaTimeEnumsAndOptionalsBindFromPathAndQuery() throws Exception {
        assertEquals("2024-05-31 OPEN 3 2024-05-31T10:30:00Z",
                send("GET", "/due/2024-05-31?status=OPEN&limit=3&after=2024-05-31T10:30:00Z", null).body());
        assertEquals("2024-05-31 null -1 null", send("GET", "/due/2024-05-31", null).body());
        assertEquals("path segment 'day' must be LocalDate (e.g. 2024-05-31), got 'soon'", badRequest("GET", "/due/soon", null));
        assertEquals("query parameter 'status' must be Status (one of OPEN, DONE), got 'open'", badRequest("GET", "/due/2024-05-31?status=open", null));
        assertEquals("query parameter 'limit' must be Integer, got 'many'", badRequest("GET", "/due/2024-05-31?limit=many", null));
        assertEquals("query parameter 'after' must be Instant (e.g. 2024-05-31T10:30:00Z), got 'now'", badRequest("GET", "/due/2024-05-31?after=now", null));
    }

    @Test
    void aParameterNothingCanBindFailsTheServiceAtBoot() {
        ServiceDefinitionException query = assertThrows(ServiceDefinitionException.class, () -> factory.create(BadQuery.class, Map.of()));
        assertTrue(query.getMessage().startsWith(BadQuery.class.getName() + ".at(LocalTime): parameter 'at' is a LocalTime, which is neither a query parameter"),
                query.getMessage());
        ServiceDefinitionException path = assertThrows(ServiceDefinitionException.class, () -> factory.create(BadPath.class, Map.of()));
        assertTrue(path.getMessage().startsWith(BadPath.class.getName() + ".at(LocalTime): path variable {at} is a LocalTime; a path variable must be String"),
                path.getMessage());
        ServiceDefinitionException c = assertThrows(ServiceDefinitionException.class, () -> factory.create(BadChar.class, Map.of()));
        assertTrue(c.getMessage().contains(".c(char): parameter 'c' is a char"), c.getMessage());
    }
}
