package io.jarbiter.arbiter.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;

/**
 * The opt-in Prometheus listener ({@code metrics_bind}): {@code GET /metrics} on the master, one
 * daemon thread, separate from the workers' sockets so scrapes never queue behind application
 * traffic. Each scrape asks the main loop for a fresh {@link MasterStatus}.
 */
public final class MetricsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("jarbiter.arbiter");
    private final HttpServer server;

    private MetricsServer(HttpServer server) {
        this.server = server;
    }

    /** Starts listening on {@code bind} (HOST:PORT); a bind that fails halts the start with the address and the fix. */
    public static MetricsServer start(String bind, StatusRequests status) {
        Listeners.HostPort hp = Listeners.HostPort.parse(bind);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(hp.host(), hp.port()), 16);
        } catch (IOException e) {
            throw new HaltException(1, "metrics_bind '" + bind + "': cannot listen: " + e.getMessage()
                    + "; choose a free HOST:PORT or unset metrics_bind");
        }
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "metrics");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", ex -> serve(ex, status));
        server.start();
        LOG.info("Metrics at: http://{}:{}/metrics", hp.host(), server.getAddress().getPort());
        return new MetricsServer(server);
    }

    private static void serve(HttpExchange ex, StatusRequests status) throws IOException {
        try (ex) {
            if (!ex.getRequestURI().getPath().equals("/metrics")) {
                send(ex, 404, "text/plain", "not found: the metrics are at /metrics\n");
                return;
            }
            try {
                send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", StatusFormat.prometheus(status.request(Duration.ofSeconds(5))));
            } catch (TimeoutException e) {
                send(ex, 503, "text/plain", "the master did not answer within 5 s (it may be stopping)\n");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void send(HttpExchange ex, int code, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
