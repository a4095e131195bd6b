package io.jarbiter.arbiter.internal;

import io.jarbiter.process.Scoreboard;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a {@link MasterStatus}: as JSON for {@code jarbiter status --json} (and the table the
 * client prints from it), and as Prometheus' text exposition format for {@code /metrics}.
 */
final class StatusFormat {
    private StatusFormat() {}

    static String json(MasterStatus s) {
        StringBuilder b = new StringBuilder(512);
        b.append("{\"pid\":").append(s.pid()).append(",\"version\":").append(str(s.version()))
                .append(",\"app_yaml\":").append(str(s.appYaml())).append(",\"uptime_s\":").append(seconds(s.uptimeMillis()))
                .append(",\"generation\":").append(s.generation()).append(",\"workers_target\":").append(s.targetWorkers())
                .append(",\"listeners\":[");
        for (int i = 0; i < s.listeners().size(); i++) b.append(i > 0 ? "," : "").append(str(s.listeners().get(i)));
        b.append("],\"config\":{");
        int i = 0;
        for (Map.Entry<String, Object> e : s.config().entrySet()) {
            b.append(i++ > 0 ? "," : "").append(str(e.getKey())).append(':').append(value(e.getValue()));
        }
        b.append("},\"reloads\":").append(s.reloads()).append(",\"restarts\":{");
        i = 0;
        for (Map.Entry<String, Long> e : s.restarts().entrySet()) {
            b.append(i++ > 0 ? "," : "").append(str(e.getKey())).append(':').append(e.getValue());
        }
        b.append("},\"requests_total\":").append(s.totals().requests()).append(",\"in_flight\":").append(s.totals().inFlight())
                .append(",\"workers\":[");
        i = 0;
        for (MasterStatus.WorkerStatus w : s.workers()) {
            b.append(i++ > 0 ? "," : "").append("{\"pid\":").append(w.pid()).append(",\"age\":").append(w.age())
                    .append(",\"generation\":").append(w.generation()).append(",\"booted\":").append(w.booted())
                    .append(",\"stopping\":").append(w.stopping()).append(",\"uptime_s\":").append(seconds(w.uptimeMillis()))
                    .append(",\"requests\":").append(w.requests()).append(",\"in_flight\":").append(w.inFlight())
                    .append(",\"last_beat_s\":").append(seconds(w.lastBeatAgeMillis())).append(",\"rss_bytes\":").append(w.rssBytes())
                    .append('}');
        }
        return b.append("]}").toString();
    }

    /** Prometheus text format 0.0.4. Totals are monotonic across worker restarts; per-worker series are gauges. */
    static String prometheus(MasterStatus s) {
        StringBuilder b = new StringBuilder(2048);
        Scoreboard t = s.totals();
        metric(b, "jarbiter_requests_total", "counter", "Calls completed by the workers (HTTP requests, RPC calls, events; timer ticks excluded).");
        b.append("jarbiter_requests_total ").append(t.requests()).append('\n');
        metric(b, "jarbiter_request_duration_seconds", "histogram", "Time from a call's dependency injection to its teardown.");
        long cumulative = 0;
        for (int i = 0; i < Scoreboard.BUCKETS.length; i++) {
            cumulative += t.buckets()[i];
            b.append("jarbiter_request_duration_seconds_bucket{le=\"").append(Scoreboard.BUCKETS[i]).append("\"} ").append(cumulative).append('\n');
        }
        cumulative += t.buckets()[Scoreboard.BUCKETS.length];
        b.append("jarbiter_request_duration_seconds_bucket{le=\"+Inf\"} ").append(cumulative).append('\n');
        b.append("jarbiter_request_duration_seconds_sum ").append(String.format(Locale.ROOT, "%.6f", t.durationMicros() / 1e6)).append('\n');
        b.append("jarbiter_request_duration_seconds_count ").append(cumulative).append('\n');
        metric(b, "jarbiter_requests_in_flight", "gauge", "Calls running or queued in the workers now.");
        b.append("jarbiter_requests_in_flight ").append(t.inFlight()).append('\n');
        metric(b, "jarbiter_workers", "gauge", "Worker processes alive, by state.");
        long booted = s.workers().stream().filter(w -> w.booted() && !w.stopping()).count();
        long stopping = s.workers().stream().filter(MasterStatus.WorkerStatus::stopping).count();
        b.append("jarbiter_workers{state=\"booted\"} ").append(booted).append('\n');
        b.append("jarbiter_workers{state=\"booting\"} ").append(s.workers().size() - booted - stopping).append('\n');
        b.append("jarbiter_workers{state=\"stopping\"} ").append(stopping).append('\n');
        metric(b, "jarbiter_workers_target", "gauge", "Workers the master keeps running (workers, TTIN/TTOU).");
        b.append("jarbiter_workers_target ").append(s.targetWorkers()).append('\n');
        metric(b, "jarbiter_worker_restarts_total", "counter", "Workers replaced, by reason.");
        for (Map.Entry<String, Long> e : s.restarts().entrySet()) {
            b.append("jarbiter_worker_restarts_total{reason=\"").append(e.getKey()).append("\"} ").append(e.getValue()).append('\n');
        }
        metric(b, "jarbiter_reloads_total", "counter", "Reloads (HUP) accepted.");
        b.append("jarbiter_reloads_total ").append(s.reloads()).append('\n');
        metric(b, "jarbiter_worker_requests", "gauge", "Calls completed by one live worker.");
        for (MasterStatus.WorkerStatus w : s.workers()) b.append("jarbiter_worker_requests").append(labels(w)).append(' ').append(w.requests()).append('\n');
        metric(b, "jarbiter_worker_rss_bytes", "gauge", "Resident memory of one live worker.");
        for (MasterStatus.WorkerStatus w : s.workers()) b.append("jarbiter_worker_rss_bytes").append(labels(w)).append(' ').append(w.rssBytes()).append('\n');
        metric(b, "jarbiter_worker_last_heartbeat_seconds", "gauge", "Seconds since a live worker's last heartbeat.");
        for (MasterStatus.WorkerStatus w : s.workers()) b.append("jarbiter_worker_last_heartbeat_seconds").append(labels(w)).append(' ').append(seconds(w.lastBeatAgeMillis())).append('\n');
        metric(b, "jarbiter_master_uptime_seconds", "gauge", "Seconds since the master started.");
        b.append("jarbiter_master_uptime_seconds ").append(seconds(s.uptimeMillis())).append('\n');
        return b.toString();
    }

    private static void metric(StringBuilder b, String name, String type, String help) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n').append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static String labels(MasterStatus.WorkerStatus w) {
        return "{pid=\"" + w.pid() + "\",age=\"" + w.age() + "\",generation=\"" + w.generation() + "\"}";
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }

    private static String value(Object v) {
        if (v == null) return "null";
        if (v instanceof Number || v instanceof Boolean) return v.toString();
        if (v instanceof List<?> list) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < list.size(); i++) b.append(i > 0 ? "," : "").append(value(list.get(i)));
            return b.append(']').toString();
        }
        return str(v.toString());
    }

    static String str(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }
}
