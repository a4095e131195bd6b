package io.jarbiter.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * {@code log_format: json}: one JSON object per line, for log shippers —
 * {@code {"time":"2026-11-22T13:00:00.123+0000","pid":4242,"level":"INFO","logger":"jarbiter.arbiter","message":"...","exception":"..."}}
 * ({@code exception} only when there is one, with its stack trace). Stateless, so thread-safe.
 */
final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneId.systemDefault());
    private final long pid;

    JsonLineEncoder(long pid) {
        this.pid = pid;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        StringBuilder b = new StringBuilder(160);
        b.append("{\"time\":\"").append(TIME.format(Instant.ofEpochMilli(event.getTimeStamp())))
                .append("\",\"pid\":").append(pid)
                .append(",\"level\":\"").append(event.getLevel()).append('"')
                .append(",\"logger\":").append(quote(event.getLoggerName()))
                .append(",\"message\":").append(quote(event.getFormattedMessage()));
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) b.append(",\"exception\":").append(quote(ThrowableProxyUtil.asString(thrown)));
        return b.append("}\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String quote(String s) {
        return s == null ? "null" : "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }
}
