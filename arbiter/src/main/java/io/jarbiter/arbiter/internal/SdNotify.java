package io.jarbiter.arbiter.internal;

import io.jarbiter.posix.Posix;
import io.jarbiter.posix.PosixException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * systemd's notify protocol (sd_notify(3)) for a master started with {@code NOTIFY_SOCKET}: one
 * datagram of {@code KEY=VALUE} lines per state change. The arbiter sends {@code READY=1} once the
 * first generation has booted, {@code RELOADING=1} (with {@code MONOTONIC_USEC}, as
 * {@code Type=notify-reload} wants) and {@code READY=1} around a reload, {@code STOPPING=1}, and
 * {@code STATUS=} lines; {@code WATCHDOG=1} every half of {@code WATCHDOG_USEC} when that is set for
 * this pid. Without NOTIFY_SOCKET every call does nothing. Main thread only.
 */
public final class SdNotify implements ArbiterContext.Notifier {
    private static final Logger LOG = LoggerFactory.getLogger("jarbiter.arbiter");
    private final String socket;
    private final long watchdogMillis;
    private boolean failedOnce;

    private SdNotify(String socket, long watchdogMillis) {
        this.socket = socket;
        this.watchdogMillis = watchdogMillis;
    }

    public static ArbiterContext.Notifier fromEnvironment(Map<String, String> env, long pid) {
        String socket = env.get("NOTIFY_SOCKET");
        if (socket == null || socket.isBlank()) return ArbiterContext.Notifier.NONE;
        long watchdog = 0;
        String usec = env.get("WATCHDOG_USEC"), wpid = env.get("WATCHDOG_PID");
        if (usec != null && (wpid == null || wpid.equals(Long.toString(pid)))) {
            try {
                watchdog = Math.max(1, Long.parseLong(usec.trim()) / 2000); // ping at half the period, as systemd advises
            } catch (NumberFormatException e) {
                LOG.warn("Ignoring WATCHDOG_USEC='{}': not a number of microseconds", usec);
            }
        }
        return new SdNotify(socket, watchdog);
    }

    @Override
    public void notify(String state) {
        try {
            Posix.get().sendDatagram(socket, state.getBytes(StandardCharsets.UTF_8));
        } catch (PosixException e) {
            if (!failedOnce) LOG.warn("Cannot notify systemd at NOTIFY_SOCKET={}: {}", socket, e.getMessage());
            failedOnce = true;
        }
    }

    @Override
    public long watchdogMillis() {
        return watchdogMillis;
    }
}
