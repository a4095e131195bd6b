package io.jarbiter.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** wrk (Debian package {@code wrk}) with two threads, parsed from its {@code --latency} report. */
final class WrkLoad implements Load {
    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
    private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in");
    private static final Pattern ERRORS = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern NON2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

    static boolean installed() {
        try {
            return new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start().waitFor() <= 1;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Override
    public String describe() {
        return "wrk -t2";
    }

    @Override
    public Result run(String url, int connections, Duration duration, boolean keepAlive) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("wrk", "-t2", "-c" + connections, "-d" + duration.toSeconds() + "s",
                "--timeout", "5s", "--latency"));
        if (!keepAlive) cmd.addAll(List.of("-H", "Connection: close"));
        cmd.add(url);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return parse(out);
    }

    static Result parse(String out) throws IOException {
        Matcher rps = RPS.matcher(out), total = TOTAL.matcher(out);
        if (!rps.find() || !total.find()) throw new IOException("unreadable wrk output:\n" + out);
        long errors = 0;
        Matcher e = ERRORS.matcher(out);
        if (e.find()) for (int i = 1; i <= 4; i++) errors += Long.parseLong(e.group(i));
        Matcher n = NON2XX.matcher(out);
        if (n.find()) errors += Long.parseLong(n.group(1));
        return new Result(Double.parseDouble(rps.group(1)), percentile(out, "50%"), percentile(out, "99%"),
                Long.parseLong(total.group(1)), errors);
    }

    /** wrk prints e.g. {@code 99%    3.21ms} (or us, s). */
    private static double percentile(String out, String label) {
        Matcher m = Pattern.compile("\\s" + Pattern.quote(label) + "\\s+([\\d.]+)(us|ms|s)").matcher(out);
        if (!m.find()) return Double.NaN;
        double v = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> v / 1000;
            case "s" -> v * 1000;
            default -> v;
        };
    }
}
