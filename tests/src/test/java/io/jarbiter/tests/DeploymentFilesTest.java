package io.jarbiter.tests;

import io.jarbiter.conf.Config;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped deployment files, checked without Docker or systemd (neither runs here): the Dockerfile
 * parses, copies only files that exist (and that .dockerignore lets in), hands the master flags the
 * real CLI accepts, and runs bin/jarbiter as PID 1 with SIGTERM; the systemd units and the Kubernetes
 * manifest agree with it. Each check is first shown to fail on a broken copy.
 */
class DeploymentFilesTest {
    static final Path HOME = Jarbiter.HOME;
    static final Set<String> INSTRUCTIONS = Set.of("FROM", "WORKDIR", "COPY", "RUN", "ENV", "EXPOSE", "STOPSIGNAL", "HEALTHCHECK",
            "ENTRYPOINT", "CMD", "ARG", "LABEL", "USER");

    /** One instruction with its continuation lines joined. */
    record Instruction(int line, String keyword, String args) {}

    static List<Instruction> parse(String dockerfile) {
        List<Instruction> out = new ArrayList<>();
        String[] lines = dockerfile.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            int start = i + 1;
            StringBuilder full = new StringBuilder();
            while (l.endsWith("\\")) {
                full.append(l, 0, l.length() - 1).append(' ');
                l = lines[++i].strip();
            }
            full.append(l);
            String[] kv = full.toString().split("\\s+", 2);
            String keyword = kv[0].toUpperCase();
            if (!INSTRUCTIONS.contains(keyword)) throw new IllegalArgumentException("Dockerfile:" + start + ": unknown instruction " + kv[0]);
            out.add(new Instruction(start, keyword, kv.length > 1 ? kv[1] : ""));
        }
        return out;
    }

    /** Problems with a Dockerfile's COPY sources: missing files, or files .dockerignore leaves out. */
    static List<String> copyProblems(List<Instruction> file, List<String> ignored) {
        List<String> problems = new ArrayList<>();
        for (Instruction i : file) {
            if (!i.keyword().equals("COPY") || i.args().startsWith("--from=")) continue;
            String[] parts = i.args().split("\\s+");
            for (String src : Arrays.copyOf(parts, parts.length - 1)) {
                if (!Files.exists(HOME.resolve(src))) problems.add("Dockerfile:" + i.line() + ": COPY " + src + " does not exist");
                for (String ig : ignored) {
                    String pattern = ig.startsWith("**/") ? ig.substring(3) : ig;
                    if (src.equals(pattern) || src.startsWith(pattern + "/") || src.contains("/" + pattern + "/")) {
                        problems.add("Dockerfile:" + i.line() + ": COPY " + src + " is excluded by .dockerignore (" + ig + ")");
                    }
                }
            }
        }
        return problems;
    }

    static List<String> dockerignore() throws IOException {
        return Files.readAllLines(HOME.resolve(".dockerignore")).stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    static Instruction only(List<Instruction> file, String keyword) {
        List<Instruction> found = file.stream().filter(i -> i.keyword().equals(keyword)).toList();
        assertEquals(1, found.size(), keyword + " instructions: " + found);
        return found.get(0);
    }

    @Test
    void dockerfileCopiesWhatExistsAndRunsJarbiterAsPid1() throws Exception {
        String text = Files.readString(HOME.resolve("Dockerfile"));
        List<Instruction> file = parse(text);
        assertEquals(List.of(), copyProblems(file, dockerignore()));
        // the checks can fail: a missing source and an ignored one are both reported
        List<Instruction> broken = parse(text.replace("COPY bin/jarbiter ./bin/jarbiter", "COPY bin/jarbitre ./bin/jarbiter\nCOPY build/lib ./x"));
        assertEquals(2, copyProblems(broken, dockerignore()).size(), copyProblems(broken, dockerignore()).toString());

        List<Instruction> froms = file.stream().filter(i -> i.keyword().equals("FROM")).toList();
        assertEquals(2, froms.size(), "multi-stage: build, then runtime");
        assertTrue(froms.get(0).args().endsWith(" AS build"), froms.toString());
        Matcher copyFrom = Pattern.compile("--from=(\\S+)").matcher(text);
        while (copyFrom.find()) assertEquals("build", copyFrom.group(1));
        // what the runtime stage takes from the build stage is what `mvn package` makes in the checkout
        assertTrue(text.contains("COPY --from=build /src/build/lib ./build/lib") && Files.isDirectory(HOME.resolve("build/lib")));
        assertTrue(text.contains("/src/examples/target/jarbiter-examples.jar") && Files.isRegularFile(Jarbiter.EXAMPLES_JAR));

        assertEquals("[\"bin/jarbiter\"]", only(file, "ENTRYPOINT").args(), "exec form: jarbiter itself is PID 1");
        assertEquals("SIGTERM", only(file, "STOPSIGNAL").args());
        assertTrue(only(file, "HEALTHCHECK").args().contains("bin/jarbiter status"), "the health check asks the master");
        assertEquals("[\"app.yaml\"]", only(file, "CMD").args());

        // the flags the image gives the master are ones the real CLI accepts, with the values meant
        Matcher env = Pattern.compile("JARBITER_CMD_ARGS=\"([^\"]*)\"").matcher(only(file, "ENV").args());
        assertTrue(env.find(), only(file, "ENV").toString());
        Config c = Config.load(List.of(HOME.resolve("examples/app.yaml").toString()), Map.of("JARBITER_CMD_ARGS", env.group(1)));
        assertEquals(List.of("0.0.0.0:8000"), c.bind());
        assertEquals(Path.of("/app/run/jarbiter.ctl"), c.controlSocket().orElseThrow());
        assertTrue(only(file, "HEALTHCHECK").args().contains("--control-socket /app/run/jarbiter.ctl"), "health check and master agree on the socket");
        assertTrue(text.contains("RUN mkdir -p /app/run && bin/jarbiter --build-archive app.yaml"), "the archive is built in the runtime image");
    }

    /** systemd's unit syntax: [Section] then Key=Value lines; returns section.key → values. */
    static Map<String, List<String>> unit(Path file) throws IOException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        String section = null;
        int n = 0;
        for (String l : Files.readAllLines(file)) {
            n++;
            l = l.strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            if (l.startsWith("[") && l.endsWith("]")) {
                section = l.substring(1, l.length() - 1);
                continue;
            }
            int eq = l.indexOf('=');
            assertTrue(section != null && eq > 0, file.getFileName() + ":" + n + ": not Key=Value in a section: " + l);
            out.computeIfAbsent(section + "." + l.substring(0, eq), k -> new ArrayList<>()).add(l.substring(eq + 1));
        }
        return out;
    }

    @Test
    void systemdUnitsMatchWhatTheMasterDoes() throws Exception {
        Path dir = HOME.resolve("examples/deploy");
        Map<String, List<String>> service = unit(dir.resolve("jarbiter-example.service"));
        Map<String, List<String>> socket = unit(dir.resolve("jarbiter-example.socket"));
        assertEquals(List.of("notify"), service.get("Service.Type"), "the master speaks sd_notify");
        assertEquals(List.of("/bin/kill -HUP $MAINPID"), service.get("Service.ExecReload"));
        assertEquals(List.of("mixed"), service.get("Service.KillMode"), "TERM to the master only; it stops its workers");
        assertTrue(service.get("Service.ExecStart").get(0).matches("/opt/jarbiter/bin/jarbiter /opt/jarbiter/examples/app\\.yaml"));
        assertTrue(Integer.parseInt(service.get("Service.TimeoutStopSec").get(0)) > 30, "longer than graceful_timeout");
        assertEquals(List.of("jarbiter-example.socket"), service.get("Unit.Requires"));
        assertEquals(List.of("no"), socket.get("Socket.Accept"), "one listening socket for the master (LISTEN_FDS), not one per connection");
        String env = service.get("Service.Environment").get(0);
        assertTrue(env.startsWith("\"JARBITER_CMD_ARGS=") && env.endsWith("\""), env);
        Config c = Config.load(List.of(HOME.resolve("examples/app.yaml").toString()),
                Map.of("JARBITER_CMD_ARGS", env.substring("\"JARBITER_CMD_ARGS=".length(), env.length() - 1)));
        assertEquals("jarbiter", c.user().orElseThrow());
        assertEquals(Path.of("/run/jarbiter/jarbiter.ctl"), c.controlSocket().orElseThrow());
    }

    @Test
    void kubernetesGracePeriodOutlastsTheDrain() throws Exception {
        List<Object> docs = new ArrayList<>();
        new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(Files.readString(HOME.resolve("examples/deploy/kubernetes.yaml"))).forEach(docs::add);
        @SuppressWarnings("unchecked")
        Map<String, Object> pod = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) docs.get(0)).get("spec")).get("template")).get("spec");
        int grace = (Integer) pod.get("terminationGracePeriodSeconds");
        Config c = Config.load(List.of(HOME.resolve("examples/app.yaml").toString()), Map.of());
        assertTrue(grace > c.gracefulTimeout().toSeconds() + 5, "grace " + grace + " s vs graceful_timeout " + c.gracefulTimeout());
    }
}
