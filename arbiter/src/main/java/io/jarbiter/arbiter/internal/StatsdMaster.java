package io.jarbiter.arbiter.internal;

import io.jarbiter.conf.Config;
import io.jarbiter.statsd.StatsdClient;
import io.jarbiter.statsd.StatsdLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The master's share of gunicorn's statsd metrics: the {@code gunicorn.workers} gauge once a second (gunicorn sends
 * it from every turn of its arbiter loop) and the master's own {@code gunicorn.log.*} counters. The per-request
 * metrics are sent by the workers themselves, as gunicorn's do. Opened with the control listeners, so a HUP that
 * changes {@code statsd_host} takes effect.
 */
public final class StatsdMaster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("jarbiter.arbiter");
    static final Duration INTERVAL = Duration.ofSeconds(1);
    private final AutoCloseable logCounters;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread thread;

    private StatsdMaster(StatsdClient statsd, StatusRequests status) {
        this.logCounters = StatsdLog.install(statsd);
        this.thread = new Thread(() -> run(statsd, status), "statsd");
        thread.setDaemon(true);
        thread.start();
    }

    /** Started when {@code statsd_host} is set; null otherwise. */
    public static StatsdMaster open(Config config, StatusRequests status) {
        return StatsdClient.of(config).map(s -> new StatsdMaster(s, status)).orElse(null);
    }

    private void run(StatsdClient statsd, StatusRequests status) {
        try {
            while (!closed.await(INTERVAL.toMillis(), TimeUnit.MILLISECONDS)) {
                try {
                    statsd.gauge("gunicorn.workers", status.request(Duration.ofSeconds(5)).workers().size());
                } catch (TimeoutException e) {
                    LOG.debug("statsd: the master loop did not answer within 5 s; gunicorn.workers skipped once");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws Exception {
        thread.interrupt();
        closed.countDown();
        logCounters.close();
    }
}
