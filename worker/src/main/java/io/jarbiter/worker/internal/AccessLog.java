package io.jarbiter.worker.internal;

import io.jarbiter.logging.LogSetup;
import io.jarbiter.web.Request;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.HttpString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes one access-log line per completed request in gunicorn's {@code access_log_format} language:
 * {@code %(h)s} remote address, {@code %(l)s} '-', {@code %(u)s} user, {@code %(t)s} date,
 * {@code %(r)s} request line, {@code %(m)s} method, {@code %(U)s} path, {@code %(q)s} query,
 * {@code %(H)s} protocol, {@code %(s)s} status, {@code %(B)s}/{@code %(b)s} body bytes,
 * {@code %(f)s} referer, {@code %(a)s} user agent, {@code %(T)s} seconds, {@code %(M)s} ms,
 * {@code %(D)s} µs, {@code %(L)s} decimal seconds, {@code %(p)s} pid,
 * {@code %({name}i)s} request header, {@code %({name}o)s} response header.
 * The line is written from the IO thread when the exchange completes.
 */
final class AccessLog implements HttpHandler {
    private static final Logger ACCESS = LoggerFactory.getLogger(LogSetup.ACCESS_LOGGER);
    private static final Pattern ATOM = Pattern.compile("%\\((\\{[^}]*}[io]|[a-zA-Z])\\)s");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("'['dd/MMM/yyyy:HH:mm:ss Z']'", Locale.ENGLISH);
    private final HttpHandler next;
    private final String format;
    private final String pid = "<" + ProcessHandle.current().pid() + ">";

    AccessLog(HttpHandler next, String format) {
        this.next = next;
        this.format = format;
    }

    /** Wraps {@code next} when the access log is on; returns it unchanged otherwise. */
    static HttpHandler wrap(HttpHandler next, String format) {
        return LogSetup.accessLogEnabled() ? new AccessLog(next, format) : next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        long start = System.nanoTime();
        exchange.addExchangeCompleteListener((ex, nextListener) -> {
            try {
                ACCESS.info(format(ex, System.nanoTime() - start));
            } finally {
                nextListener.proceed();
            }
        });
        next.handleRequest(exchange);
    }

    String format(HttpServerExchange ex, long nanos) {
        Matcher m = ATOM.matcher(format);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(atom(ex, m.group(1), nanos)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String atom(HttpServerExchange ex, String atom, long nanos) {
        if (atom.startsWith("{")) {
            String name = atom.substring(1, atom.indexOf('}'));
            HeaderValues v = (atom.endsWith("i") ? ex.getRequestHeaders() : ex.getResponseHeaders()).get(new HttpString(name));
            return v == null ? "-" : v.getFirst();
        }
        return switch (atom) {
            case "h" -> host(ex);
            case "l", "u" -> "-";
            case "t" -> ZonedDateTime.now().format(DATE);
            case "r" -> ex.getRequestMethod() + " " + requestUri(ex) + " " + ex.getProtocol();
            case "m" -> ex.getRequestMethod().toString();
            case "U" -> ex.getRequestPath();
            case "q" -> ex.getQueryString();
            case "H" -> ex.getProtocol().toString();
            case "s" -> Integer.toString(ex.getStatusCode());
            case "B" -> Long.toString(ex.getResponseBytesSent());
            case "b" -> ex.getResponseBytesSent() == 0 ? "-" : Long.toString(ex.getResponseBytesSent());
            case "f" -> header(ex, "Referer");
            case "a" -> header(ex, "User-Agent");
            case "T" -> Long.toString(nanos / 1_000_000_000L);
            case "M" -> Long.toString(nanos / 1_000_000L);
            case "D" -> Long.toString(nanos / 1_000L);
            case "L" -> String.format(Locale.ROOT, "%.6f", nanos / 1e9);
            case "p" -> pid;
            default -> "-";
        };
    }

    private static String host(HttpServerExchange ex) {
        return Request.remoteAddress(ex);
    }

    private static String requestUri(HttpServerExchange ex) {
        String q = ex.getQueryString();
        return q == null || q.isEmpty() ? ex.getRequestURI() : ex.getRequestURI() + "?" + q;
    }

    private static String header(HttpServerExchange ex, String name) {
        String v = ex.getRequestHeaders().getFirst(name);
        return v == null ? "-" : v;
    }
}
