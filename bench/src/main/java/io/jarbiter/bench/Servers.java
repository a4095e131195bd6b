package io.jarbiter.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** How the bench starts each server: jarbiter on the example app, plain undertow, gunicorn. */
final class Servers {
    private final Path home;

    Servers(Path home) {
        this.home = home;
    }

    ServerProcess jarbiter(int workers, String appYaml, String... extra) throws IOException {
        int port = ServerProcess.freePort();
        List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/jarbiter").toString(), "-w", Integer.toString(workers),
                "-b", "127.0.0.1:" + port));
        cmd.addAll(List.of(extra));
        cmd.add(home.resolve(appYaml).toString());
        return ServerProcess.start("jarbiter -w " + workers, cmd, Map.of(), port);
    }

    /** jarbiter on an app whose readiness the caller checks itself (e.g. consumers on its queues). */
    ServerProcess jarbiterSpawn(int workers, String appYaml) throws IOException {
        int port = ServerProcess.freePort();
        return ServerProcess.spawn("jarbiter -w " + workers, List.of(home.resolve("bin/jarbiter").toString(), "-w", Integer.toString(workers),
                "-b", "127.0.0.1:" + port, home.resolve(appYaml).toString()), Map.of(), port);
    }

    ServerProcess plainUndertow() throws IOException {
        int port = ServerProcess.freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return ServerProcess.start("undertow", List.of(java, "-cp", System.getProperty("java.class.path"),
                PlainUndertow.class.getName(), Integer.toString(port)), Map.of(), port);
    }

    ServerProcess gunicorn(int workers) throws IOException {
        int port = ServerProcess.freePort();
        return ServerProcess.start("gunicorn -w " + workers, List.of("gunicorn", "-w", Integer.toString(workers),
                "-b", "127.0.0.1:" + port, "--chdir", home.resolve("bench/python").toString(), "--log-level", "warning",
                "hello:app"), Map.of(), port);
    }

    static boolean gunicornInstalled() {
        try {
            return new ProcessBuilder("gunicorn", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
