package io.jarbiter.arbiter.internal;

import io.jarbiter.conf.Cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code jarbiter new NAME}: writes a service project (pom on jarbiter's service parent, a service with
 * HTTP and RPC entrypoints, a test with the testing kit, an app.yaml) from the template bundled in this
 * jar. The project is written into a hidden sibling folder first and renamed into place at the end, so a
 * failure never leaves half a project behind, and an existing folder is never written into.
 */
public final class ServiceTemplate {
    static final String USAGE = "usage: jarbiter new NAME [--package PACKAGE] [--dir DIR]\n\n"
            + "Writes a service project named NAME (a nameko service name: lower case, digits, '_') into DIR\n"
            + "(default ./NAME): pom.xml on io.jarbiter:jarbiter-service-parent, src/ with a service and its test,\n"
            + "and an app.yaml. Build it with 'mvn package' after 'make install' in the jarbiter checkout.\n\n"
            + "options:\n"
            + "  --package PACKAGE   Java package of the service (default com.example.NAME)\n"
            + "  --dir DIR           folder to create (default ./NAME with '_' as '-'); must not exist or be empty\n"
            + "  -h, --help          show this help and exit\n\n"
            + "exit codes: 0 written, 1 the folder exists and is not empty or cannot be written, 2 bad usage\n";
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern PACKAGE = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)*");
    private static final String ROOT = "/io/jarbiter/arbiter/template/";

    private final Map<String, String> placeholders;

    private ServiceTemplate(Map<String, String> placeholders) {
        this.placeholders = placeholders;
    }

    /** Runs the subcommand: 0 written, 2 usage error, 1 the folder could not be written. */
    public static int run(List<String> args, Path cwd, PrintStream out, PrintStream err) {
        String name = null;
        String pkg = null;
        Path dir = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-h") || a.equals("--help")) {
                out.print(USAGE);
                return 0;
            } else if ((a.equals("--package") || a.equals("--dir")) && i + 1 < args.size()) {
                if (a.equals("--package")) pkg = args.get(++i);
                else dir = cwd.resolve(args.get(++i));
            } else if (a.startsWith("-")) {
                return usage(err, a.equals("--package") || a.equals("--dir") ? a + " needs a value" : "unknown option '" + a + "'");
            } else if (name != null) {
                return usage(err, "unexpected argument '" + a + "'");
            } else {
                name = a;
            }
        }
        if (name == null) return usage(err, "NAME is missing");
        if (!NAME.matcher(name).matches()) {
            return usage(err, "NAME '" + name + "' is not a service name: use lower case letters, digits and '_', starting with a letter (e.g. todo, order_items)");
        }
        if (pkg == null) pkg = "com.example." + name.replace("_", "");
        if (!PACKAGE.matcher(pkg).matches()) {
            return usage(err, "--package '" + pkg + "' is not a Java package name (lower case, dot-separated, e.g. com.acme.todo)");
        }
        if (dir == null) dir = cwd.resolve(artifactId(name));
        try {
            Path written = forService(name, pkg).writeTo(dir.toAbsolutePath().normalize());
            out.println("Wrote " + written + ": build it with 'cd " + cwd.relativize(written.toAbsolutePath()) + " && mvn package', "
                    + "run it with 'bin/jarbiter " + written.resolve("app.yaml") + "'");
            return 0;
        } catch (FileAlreadyExistsException e) {
            err.println("Error: " + e.getFile() + " already exists and is not empty; choose another NAME or --dir");
            return 1;
        } catch (IOException | UncheckedIOException e) {
            err.println("Error: could not write the project into " + dir + ": " + e.getMessage());
            return 1;
        }
    }

    /** The template filled in for service {@code name} in Java package {@code pkg}. */
    static ServiceTemplate forService(String name, String pkg) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("__PACKAGE_PATH__", pkg.replace('.', '/'));
        p.put("__PACKAGE__", pkg);
        p.put("__CLASS__", className(name));
        p.put("__NAME__", name);
        p.put("__ARTIFACT__", artifactId(name));
        p.put("__GROUP__", pkg.contains(".") ? pkg.substring(0, pkg.lastIndexOf('.')) : pkg);
        p.put("__JARBITER_VERSION__", Cli.version());
        return new ServiceTemplate(p);
    }

    /** {@code order_items} -> {@code OrderItemsService}. */
    static String className(String name) {
        StringBuilder s = new StringBuilder();
        for (String part : name.split("_")) {
            if (!part.isEmpty()) s.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
        }
        return s.append("Service").toString();
    }

    static String artifactId(String name) {
        return name.replace('_', '-');
    }

    /**
     * Writes the project into {@code dir}, which must not exist or be an empty folder: first into a hidden
     * sibling, then one rename, so {@code dir} holds either nothing or the whole project.
     */
    Path writeTo(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) throw new FileAlreadyExistsException(dir.toString());
            }
        } else if (Files.exists(dir)) {
            throw new FileAlreadyExistsException(dir.toString());
        }
        Path parent = dir.getParent();
        Files.createDirectories(parent);
        Path staging = Files.createTempDirectory(parent, "." + dir.getFileName() + ".new-");
        try {
            for (String[] file : files()) {
                Path target = staging.resolve(fill(file[1]));
                Files.createDirectories(target.getParent());
                Files.writeString(target, fill(resource(file[0])), StandardCharsets.UTF_8);
            }
            if (Files.isDirectory(dir)) Files.delete(dir); // empty, checked above
            Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
            return dir;
        } finally {
            if (Files.exists(staging)) deleteTree(staging);
        }
    }

    /** Each line of files.txt: the template resource, then the path it is written to. */
    private static List<String[]> files() {
        List<String[]> files = new ArrayList<>();
        for (String line : resource("files.txt").split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            files.add(l.split("\\s+", 2));
        }
        return files;
    }

    private String fill(String text) {
        String s = text;
        for (Map.Entry<String, String> p : placeholders.entrySet()) s = s.replace(p.getKey(), p.getValue());
        return s;
    }

    private static String resource(String name) {
        try (InputStream in = ServiceTemplate.class.getResourceAsStream(ROOT + name)) {
            if (in == null) throw new IllegalStateException("the service template is incomplete: " + ROOT + name + " is not in the jarbiter-arbiter jar; rebuild with 'make build'");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int usage(PrintStream err, String problem) {
        err.println("Error: " + problem);
        err.print(USAGE);
        return 2;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
