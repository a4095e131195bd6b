package io.jarbiter.amqp.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * nameko's {@code TRANSPORT_OPTIONS}, as kombu's pyamqp transport spells them: {@code heartbeat} (s,
 * wins over {@code HEARTBEAT}), {@code connect_timeout} (s, TCP connect and AMQP handshake),
 * {@code channel_max}, {@code frame_max}, {@code confirm_publish} (only {@code true}: jarbiter always
 * waits for publisher confirms), and kombu's connection retry policy {@code max_retries},
 * {@code interval_start}, {@code interval_step}, {@code interval_max}: the first connection is tried
 * {@code 1 + max_retries} times, and a lost connection is retried for ever, waiting
 * {@code interval_start}, then {@code interval_step} more each time, at most {@code interval_max}.
 *
 * <p>Absent ({@link #NONE}): one attempt at boot (the arbiter restarts a worker that fails it) and a
 * reconnection every second.
 */
record TransportOptions(Integer heartbeat, Duration connectTimeout, int channelMax, int frameMax, int maxRetries,
                        Duration intervalStart, Duration intervalStep, Duration intervalMax) {
    static final TransportOptions NONE = new TransportOptions(null, Duration.ofSeconds(5), 0, 0, 0,
            Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(1));
    static final Set<String> KEYS = Set.of("heartbeat", "connect_timeout", "channel_max", "frame_max", "confirm_publish",
            "max_retries", "interval_start", "interval_step", "interval_max");

    static TransportOptions of(Object value) {
        if (value == null) return NONE;
        if (!(value instanceof Map<?, ?> m)) {
            throw new AmqpConfigException("TRANSPORT_OPTIONS must be a map (e.g. {max_retries: 3, interval_start: 2}), got '" + value + "'");
        }
        for (Object k : m.keySet()) {
            if (!KEYS.contains(String.valueOf(k))) {
                throw new AmqpConfigException("TRANSPORT_OPTIONS: '" + k + "' is not supported by jarbiter (supported: heartbeat, connect_timeout,"
                        + " channel_max, frame_max, confirm_publish, max_retries, interval_start, interval_step, interval_max); remove it");
            }
        }
        Object confirm = m.get("confirm_publish");
        if (confirm != null && !Boolean.TRUE.equals(confirm)) {
            throw new AmqpConfigException("TRANSPORT_OPTIONS: confirm_publish '" + confirm + "': jarbiter always publishes with"
                    + " publisher confirms, as nameko's publishers do; remove it");
        }
        // nameko's DEFAULT_TRANSPORT_OPTIONS fill what the map leaves out, as kombu's ensure_connection defaults do
        return new TransportOptions(m.get("heartbeat") == null ? null : (int) number(m, "heartbeat", 0),
                seconds(m, "connect_timeout", 5), (int) number(m, "channel_max", 0), (int) number(m, "frame_max", 0),
                (int) number(m, "max_retries", 3), seconds(m, "interval_start", 2), seconds(m, "interval_step", 1),
                seconds(m, "interval_max", 5));
    }

    /** kombu's schedule: wait {@code interval_start + n * interval_step}, at most {@code interval_max}, before attempt n + 2. */
    Duration delay(int failedAttempts) {
        Duration d = intervalStart.plus(intervalStep.multipliedBy(Math.max(0, failedAttempts - 1)));
        return d.compareTo(intervalMax) > 0 ? intervalMax : d;
    }

    private static double number(Map<?, ?> m, String key, double dflt) {
        Object v = m.get(key);
        if (v == null) return dflt;
        if (v instanceof Number n && n.doubleValue() >= 0) return n.doubleValue();
        throw new AmqpConfigException("TRANSPORT_OPTIONS: " + key + " must be a number >= 0, got '" + v + "'");
    }

    private static Duration seconds(Map<?, ?> m, String key, double dflt) {
        return Duration.ofMillis(Math.round(number(m, key, dflt) * 1000));
    }
}
