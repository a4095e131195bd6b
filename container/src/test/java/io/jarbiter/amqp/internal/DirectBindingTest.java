package io.jarbiter.amqp.internal;

import io.jarbiter.amqp.IncorrectSignature;
import io.jarbiter.amqp.MalformedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The streaming binder agrees with the tree binder where it answers, and leaves every error to it. */
@Timeout(10)
class DirectBindingTest {
    public record Point(int x, List<Long> ys) {}

    @SuppressWarnings("unused")
    public void target(Point p, long n, Optional<String> label, LocalDate day, Map<String, Object> extra) {
    }

    static final Method TARGET;

    static {
        try {
            TARGET = DirectBindingTest.class.getMethod("target", Point.class, long.class, Optional.class, LocalDate.class, Map.class);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void bindsPositionalAndKeywordArgumentsInEitherOrder() {
        Object[] expected = {new Point(1, List.of(2L, 3L)), 7L, Optional.of("a"), LocalDate.of(2024, 5, 1), Map.of("k", List.of(1, 2.5))};
        for (String body : List.of(
                "{\"args\": [{\"x\": 1, \"ys\": [2, 3]}, 7], \"kwargs\": {\"day\": \"2024-05-01\", \"label\": \"a\", \"extra\": {\"k\": [1, 2.5]}}}",
                "{\"kwargs\": {\"extra\": {\"k\": [1, 2.5]}, \"label\": \"a\", \"day\": \"2024-05-01\"}, \"other\": [1], \"args\": [{\"x\": 1, \"ys\": [2, 3], \"z\": 0}, 7]}")) {
            Object[] direct = DirectBinding.of(TARGET).bind(utf8(body));
            assertArrayEquals(expected, direct, body);
            assertArrayEquals(expected, Codec.bind(TARGET, utf8(body)));
        }
    }

    @Test
    void leavesEveryErrorToTheSlowPath() {
        Map<String, Class<? extends RuntimeException>> bodies = Map.of(
                "not json", MalformedRequest.class,
                "{\"args\": []}", MalformedRequest.class,
                "{\"args\": {}, \"kwargs\": {}}", MalformedRequest.class,
                "{\"args\": [{}, 1, null, \"2024-05-01\", {}, 6], \"kwargs\": {}}", IncorrectSignature.class,
                "{\"args\": [{}, 1], \"kwargs\": {\"n\": 2, \"label\": null, \"day\": \"2024-05-01\", \"extra\": {}}}", IncorrectSignature.class,
                "{\"args\": [{}, 1], \"kwargs\": {\"nope\": 2}}", IncorrectSignature.class,
                "{\"args\": [{}, \"x\"], \"kwargs\": {\"label\": null, \"day\": \"2024-05-01\", \"extra\": {}}}", IncorrectSignature.class,
                "{\"args\": [{}], \"kwargs\": {}}", IncorrectSignature.class);
        bodies.forEach((body, error) -> {
            assertNull(DirectBinding.of(TARGET).bind(utf8(body)), body);
            assertThrows(error, () -> Codec.bind(TARGET, utf8(body)), body);
        });
    }

    @Test
    void missingArgumentIsNamedAsPythonDoes() {
        IncorrectSignature e = assertThrows(IncorrectSignature.class,
                () -> Codec.bind(TARGET, utf8("{\"args\": [{}], \"kwargs\": {\"day\": \"2024-05-01\"}}")));
        assertEquals("target() missing 3 required positional arguments: 'n', 'label' and 'extra'", e.value());
    }
}
