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
 * {@code --seconds S} per load run (10), {@code --idle S} (30), {@code --no-readme},
 * {@code --only http|reload|reload-time|spawn|memory} (one part, printed only; reload-time: the reload of 4 alone).
 */
public final class Bench {
    private Bench() {}

    public static void main(String[] args) throws Exception {
        int rounds = intArg(args, "--rounds", 3);
        int httpRounds = intArg(args, "--http-rounds", 7);
        int reloadRounds = intArg(args, "--reload-rounds", 5);
        Duration seconds = Duration.ofSeconds(intArg(args, "--seconds", 10));
        Duration idle = Duration.ofSeconds(intArg(args, "--idle", 30));
        Path home = Path.of("").toAbsolutePath();
        Load load = Load.best();
        boolean gunicorn = Servers.gunicornInstalled();
        Servers servers = new Servers(home);
        Report report = new Report();
        String header = header(load, gunicorn, rounds, httpRounds, reloadRounds, seconds);
        System.out.println(header);

        System.out.println("\n== class-data archive");
        long t0 = System.nanoTime();
        int built = new ProcessBuilder(home.resolve("bin/jarbiter").toString(), "--build-archive", "examples/app.yaml").inheritIO().start().waitFor();
        if (built != 0) throw new IOException("bin/jarbiter --build-archive failed (exit " + built + ")");
        report.row("Build the class-data archive (--build-archive)", String.format("%.1f s", (System.nanoTime() - t0) / 1e9), "", "", "");

        HttpBench http = new HttpBench(servers, load, report, reloadRounds, httpRounds, seconds);
        try (ProcessBench processes = new ProcessBench(servers, load, report, rounds)) {
            String only = stringArg(args, "--only", null);
            if (only != null) {
                // one part, for quick iterations: printed only, never written to bench/results or the README
                switch (only) {
                    case "http" -> http.throughput(gunicorn);
                    case "reload" -> { http.reloads(); processes.reloadTime(); }
                    case "reload-time" -> processes.reloadTime();
                    case "spawn" -> processes.spawnToFirstResponse();
                    case "memory" -> processes.memory(gunicorn);
                    default -> throw new IllegalArgumentException("--only takes http, reload, reload-time, spawn or memory, not " + only);
                }
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
        System.out.println("\n== RPC over RabbitMQ");
        String amqp = System.getenv().getOrDefault("AMQP_URI", "amqp://guest:guest@localhost:5672/");
        if (reachable(amqp)) {
            new RpcBench(servers, report, seconds).run(amqp);
        } else {
            report.note("no RabbitMQ at " + amqp + ": the RPC rows are skipped (see the README's RabbitMQ section).");
        }

        String table = report.markdown(header);
        Path out = home.resolve("bench/results/" + LocalDate.now() + "-" + git(home) + "-jdk" + Runtime.version().feature() + ".md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
        System.out.println("\nWrote " + home.relativize(out));
        if (!List.of(args).contains("--no-readme")) {
            Report.updateReadme(home.resolve("README.md"), table);
            System.out.println("Updated the table in README.md");
        }
    }

    private static String header(Load load, boolean gunicorn, int rounds, int httpRounds, int reloadRounds, Duration seconds) throws IOException {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 2)).orElse("unknown CPU");
        return String.format("Measured %s on %d cores (%s), Linux %s; JDK %s (%s); commit %s; load: %s, runs of %d s; "
                        + "throughput: %d interleaved rounds, ratios are medians of the per-round ratios (range in brackets); "
                        + "p99 during reloads: %d rounds, the same per-round ratios; the rest: medians of %d rounds%s.",
                LocalDate.now(), Runtime.getRuntime().availableProcessors(), cpu, System.getProperty("os.version"),
                Runtime.version(), System.getProperty("java.vm.name"), git(Path.of("")), load.describe(), seconds.toSeconds(), httpRounds, reloadRounds, rounds,
                gunicorn ? "; " + version("gunicorn", "--version") : "");
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
