package io.jarbiter.web.internal;

import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A path variable or query parameter: the types its text converts to and the conversion. Built once
 * per parameter, when the service is; {@link #parse} runs per request.
 */
final class TextValue {
    /** What a path variable or query parameter may be declared as, for definition errors. */
    static final String SUPPORTED = "String, boolean, int, long, double, float, short, byte (or their boxes), BigDecimal, "
            + "BigInteger, UUID, an enum, LocalDate, LocalDateTime, OffsetDateTime, Instant, or an Optional of one of these";

    private static final Map<Class<?>, Function<String, Object>> PARSERS = Map.ofEntries(
            Map.entry(String.class, s -> s),
            Map.entry(boolean.class, TextValue::parseBoolean), Map.entry(Boolean.class, TextValue::parseBoolean),
            Map.entry(int.class, Integer::valueOf), Map.entry(Integer.class, Integer::valueOf),
            Map.entry(long.class, Long::valueOf), Map.entry(Long.class, Long::valueOf),
            Map.entry(double.class, Double::valueOf), Map.entry(Double.class, Double::valueOf),
            Map.entry(float.class, Float::valueOf), Map.entry(Float.class, Float::valueOf),
            Map.entry(short.class, Short::valueOf), Map.entry(Short.class, Short::valueOf),
            Map.entry(byte.class, Byte::valueOf), Map.entry(Byte.class, Byte::valueOf),
            Map.entry(BigDecimal.class, BigDecimal::new), Map.entry(BigInteger.class, BigInteger::new),
            Map.entry(UUID.class, UUID::fromString),
            Map.entry(LocalDate.class, LocalDate::parse), Map.entry(LocalDateTime.class, LocalDateTime::parse),
            Map.entry(OffsetDateTime.class, OffsetDateTime::parse), Map.entry(Instant.class, Instant::parse));

    private static final Map<Class<?>, String> EXAMPLES = Map.of(
            UUID.class, "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
            LocalDate.class, "2024-05-31", LocalDateTime.class, "2024-05-31T12:30:00",
            OffsetDateTime.class, "2024-05-31T12:30:00+02:00", Instant.class, "2024-05-31T10:30:00Z");

    private final Class<?> type;
    private final boolean optional;
    private final Function<String, Object> parser;

    private TextValue(Class<?> type, boolean optional, Function<String, Object> parser) {
        this.type = type;
        this.optional = optional;
        this.parser = parser;
    }

    /** The conversion for {@code p}, or null when its type does not come from text. */
    static TextValue of(Parameter p) {
        Class<?> t = p.getType();
        boolean optional = t == Optional.class;
        if (optional) {
            Type arg = p.getParameterizedType() instanceof ParameterizedType pt ? pt.getActualTypeArguments()[0] : Object.class;
            if (!(arg instanceof Class<?> c)) return null;
            t = c;
        }
        Function<String, Object> parser = parser(t);
        return parser == null ? null : new TextValue(t, optional, parser);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Function<String, Object> parser(Class<?> t) {
        if (t.isEnum()) return s -> Enum.valueOf((Class) t, s);
        return PARSERS.get(t);
    }

    /** {@code raw} (null when absent) as the parameter's type; {@code what} is "path segment" or "query parameter". */
    Object parse(String name, String raw, String what) throws BadRequest {
        if (raw == null) {
            if (type.isPrimitive() && !optional) throw new BadRequest("missing " + what + " '" + name + "' (" + type.getSimpleName() + ")");
            return optional ? Optional.empty() : null;
        }
        Object value;
        try {
            value = parser.apply(raw);
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new BadRequest(what + " '" + name + "' must be " + type.getSimpleName() + hint() + ", got '" + raw + "'");
        }
        return optional ? Optional.of(value) : value;
    }

    private String hint() {
        if (type.isEnum()) {
            return " (one of " + Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name()).collect(Collectors.joining(", ")) + ")";
        }
        String example = EXAMPLES.get(type);
        return example == null ? "" : " (e.g. " + example + ")";
    }

    private static Object parseBoolean(String raw) {
        if (raw.equalsIgnoreCase("true")) return Boolean.TRUE;
        if (raw.equalsIgnoreCase("false")) return Boolean.FALSE;
        throw new IllegalArgumentException("not a boolean");
    }
}
