package io.jarbiter.messaging.internal;

import com.rabbitmq.client.Channel;
import io.jarbiter.messaging.Binding;
import io.jarbiter.messaging.Exchange;
import io.jarbiter.messaging.Queue;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Declares {@link Exchange}s and {@link Queue}s exactly as kombu's {@code maybe_declare} does, so that a
 * nameko service declaring the same kombu objects agrees with us flag for flag. Stateless.
 */
final class Declarations {
    private Declarations() {}

    /** Checks what the broker would only refuse later; the message names what is wrong. */
    static void check(Queue q) {
        if (q.bindings().length > 0 && !q.exchange().name().isEmpty()) {
            throw new IllegalArgumentException("queue '" + q.name() + "' has both exchange '" + q.exchange().name()
                    + "' and bindings; put the exchange's binding among the bindings");
        }
        arguments(q.arguments());
        arguments(q.bindingArguments());
        check(q.exchange());
        for (Binding b : q.bindings()) {
            check(b.exchange());
            arguments(b.arguments());
        }
    }

    static void check(Exchange x) {
        arguments(x.arguments());
    }

    /** kombu skips the default exchange and the broker's own {@code amq.*} ones. */
    static void declare(Channel ch, Exchange x) throws IOException {
        if (x.name().isEmpty() || x.name().startsWith("amq.")) return;
        ch.exchangeDeclare(x.name(), x.type().amqpName(), x.durable(), x.autoDelete(), arguments(x.arguments()));
    }

    /** Exchange, queue, main binding, further bindings; returns the queue's name (the broker's, for {@code ""}). */
    static String declare(Channel ch, Queue q) throws IOException {
        declare(ch, q.exchange());
        String name = ch.queueDeclare(q.name(), q.durable(), q.exclusive(), q.autoDelete() || q.exclusive(),
                arguments(q.arguments())).getQueue();
        if (!q.exchange().name().isEmpty()) ch.queueBind(name, q.exchange().name(), q.routingKey(), arguments(q.bindingArguments()));
        for (Binding b : q.bindings()) {
            declare(ch, b.exchange());
            if (!b.exchange().name().isEmpty()) ch.queueBind(name, b.exchange().name(), b.routingKey(), arguments(b.arguments()));
        }
        return name;
    }

    /** {@code "key=value"} pairs: integers as numbers (32-bit when they fit, as py-amqp), true/false as booleans. */
    static Map<String, Object> arguments(String[] pairs) {
        Map<String, Object> args = new LinkedHashMap<>();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("argument '" + pair + "' must be key=value, e.g. x-max-priority=10");
            args.put(pair.substring(0, eq), value(pair.substring(eq + 1)));
        }
        return args;
    }

    private static Object value(String v) {
        if (v.equals("true") || v.equals("false")) return Boolean.valueOf(v);
        if (v.matches("-?\\d{1,18}")) {
            long n = Long.parseLong(v);
            return n == (int) n ? (Object) (int) n : (Object) n;
        }
        return v;
    }
}
