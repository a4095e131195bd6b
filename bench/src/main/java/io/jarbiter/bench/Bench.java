package io.jarbiter.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

/**
 * {@code make bench}: builds the class-data archive, then measures jarbiter against baselines run
 * side by side in this same invocation, each a median of {@code --rounds} rounds, and prints a table
 * of ratios with the raw numbers beside them. The table goes to {@code bench/results/} and the README.
 *
 * <p>Options: {@code --rounds N} (3), {@code --http-rounds N} interleaved throughput rounds (7),
 * {@code --reload-rounds N} rounds of p99 during reloads (5; its per-round ratio spreads the most),
 * {@code --rpc-rounds N} interleaved RPC and event rounds (5), {@code --seconds S} per load run (10),
 * {@code --idle S} (30), {@code --no-readme}, {@code --quick} (every row, with fewer and shorter rounds:
 * {@code make bench-quick}), {@code --only http|reload|reload-time|spawn|memory|rpc} (one part, printed
 * only; reload-time: the reload of 4 alone).
 */
public final class Bench {
    private Bench() {}

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        int rounds = intArg(args, "--rounds", quick ? 1 : 3);
        int httpRounds = intArg(args, "--http-rounds", quick ? 3 : 7);
        int reloadRounds = intArg(args, "--reload-rounds", quick ? 2 : 5);
        int rpcRounds = intArg(args, "--rpc-rounds", quick ? 2 : 5);
        Duration seconds = Duration.ofSeconds(intArg(args, "--seconds", quick ? 4 : 10));
        Duration idle = Duration.ofSeconds(intArg(args, "--idle", quick ? 10 : 30));
        Duration warmUp = quick ? Duration.ofSeconds(6) : Duration.ofSeconds(12);
        Path home = Path.of("").toAbsolutePath();
        Load load = Load.best();
        boolean gunicorn = Servers.gunicornInstalled();
        Servers servers = new Servers(home);
        Report report = new Report();
        String header = (quick ? "**Quick variant** (`make bench-quick`: fewer and shorter rounds, for the ratios, not the precision). " : "")
                + header(load, gunicorn, rounds, httpRounds, reloadRounds, rpcRounds, seconds);
        System.out.println(header);

        String only = stringArg(args, "--only", null);
        if (!"rpc".equals(only)) buildArchive(home, report);

        String amqp = System.getenv().getOrDefault("AMQP_URI", "amqp://guest:guest@localhost:5672/");
        RpcBench rpc = new RpcBench(servers, report, home, rpcRounds, seconds, warmUp);
        HttpBench http = new HttpBench(servers, load, report, reloadRounds, httpRounds, seconds, warmUp);
        try (ProcessBench processes = new ProcessBench(servers, load, report, rounds)) {
            if (only != null) {
                // one part, for quick iterations: printed only, never written to bench/results or the README
                switch (only) {
                    case "http" -> http.throughput(gunicorn);
                    case "reload" -> { http.reloads(); processes.reloadTime(); }
                    case "reload-time" -> processes.reloadTime();
                    case "spawn" -> processes.spawnToFirstResponse();
                    case "memory" -> processes.memory(gunicorn);
                    case "rpc" -> rpc(rpc, amqp, report);
                    default -> throw new IllegalArgumentException("--only takes http, reload, reload-time, spawn, memory or rpc, not " + only);
                }
                report.note("machine load (uptime) at the end: " + loadAverage() + ".");
                System.out.println(report.markdown(header));
                return;
            }
            System.out.println("\n== HTTP throughput and latency");
            http.throughput(gunicorn);
            if (!gunicorn) report.note("gunicorn is not installed (apt-get install gunicorn, or `make bench-tools`): its columns are skipped.");
            if (!(load instanceof WrkLoad)) report.note("wrk is not installed (apt-get install wrk, or `make bench-tools`): the Java load generator ran instead.");
            System.out.println("\n== reloads under load");
            http.reloads();
            processes.reloadTime();
            System.out.println("\n== spawn, memory, idle CPU");
            processes.spawnToFirstResponse();
            processes.memory(gunicorn);
            processes.idleMasterCpu(idle);
        }
        rpc(rpc, amqp, report);

        report.note("machine load (uptime) at the end: " + loadAverage() + ".");
        String table = report.markdown(header);
        Path out = home.resolve("bench/results/" + LocalDate.now() + "-" + git(home) + "-jdk" + Runtime.version().feature()
                + (quick ? "-quick" : "") + ".md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
        System.out.println("\nWrote " + home.relativize(out));
        if (!List.of(args).contains("--no-readme")) {
            Report.updateReadme(home.resolve("README.md"), table);
            System.out.println("Updated the table in README.md");
        }
    }

    private static void buildArchive(Path home, Report report) throws IOException, InterruptedException {
        System.out.println("\n== class-data archive");
        long t0 = System.nanoTime();
        int built = new ProcessBuilder(home.resolve("bin/jarbiter").toString(), "--build-archive", "examples/app.yaml").inheritIO().start().waitFor();
        if (built != 0) throw new IOException("bin/jarbiter --build-archive failed (exit " + built + ")");
        report.row("Build the class-data archive (--build-archive)", String.format("%.1f s", (System.nanoTime() - t0) / 1e9), "", "", "");
    }

    /** RPC and event rows; skipped with a note, never a failure, when the broker is missing or a part fails. */
    private static void rpc(RpcBench rpc, String amqp, Report report) throws InterruptedException {
        System.out.println("\n== RPC and events over RabbitMQ");
        if (!reachable(amqp)) {
            report.note("no RabbitMQ at " + amqp + ": the RPC and event rows are skipped (see the README's RabbitMQ section).");
            return;
        }
        try {
            rpc.run(amqp);
        } catch (IOException | RuntimeException e) {
            e.printStackTrace();
            report.note("the RPC bench failed (" + e + "): its rows are skipped.");
        }
    }

    private static String header(Load load, boolean gunicorn, int rounds, int httpRounds, int reloadRounds, int rpcRounds, Duration seconds)
            throws IOException {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 2)).orElse("unknown CPU");
        return String.format("Measured %s on %d cores (%s), Linux %s; JDK %s (%s); commit %s; load: %s, runs of %d s; "
                        + "throughput: %d interleaved rounds, ratios are medians of the per-round ratios (range in brackets); "
                        + "p99 during reloads: %d rounds, the same per-round ratios; RPC and events: %d interleaved rounds, the same; "
                        + "the rest: medians of %d rounds; machine load (uptime) at the start: %s%s.",
                LocalDate.now(), Runtime.getRuntime().availableProcessors(), cpu, System.getProperty("os.version"),
                Runtime.version(), System.getProperty("java.vm.name"), git(Path.of("")), load.describe(), seconds.toSeconds(), httpRounds, reloadRounds, rpcRounds,
                rounds, loadAverage(), gunicorn ? "; " + version("gunicorn", "--version") : "");
    }

    private static String loadAverage() throws IOException {
        String[] avg = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return avg[0] + ", " + avg[1] + ", " + avg[2];
    }

    private static boolean reachable(String amqpUri) {
        URI uri = URI.create(amqpUri);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 5672 : uri.getPort()), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String git(Path home) {
        return version("git", "-C", home.toAbsolutePath().toString(), "rev-parse", "--short", "HEAD");
    }

    private static String version(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor() == 0 ? out : "unknown";
        } catch (IOException | InterruptedException e) {
            return "unknown";
        }
    }

    private static String stringArg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) if (args[i].equals(name)) return args[i + 1];
        return fallback;
    }

    private static int intArg(String[] args, String name, int dflt) {
        String value = stringArg(args, name, null);
        return value == null ? dflt : Integer.parseInt(value);
    }
}
