package io.jarbiter.tests;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/** Application jars compiled while a test runs, against jarbiter's worker API, e.g. without {@code -parameters}. */
final class AppJars {
    private AppJars() {}

    /**
     * Compiles {@code sources} (class name to source) into {@code dir/name.jar}; {@code parameters}: with
     * {@code -parameters}, as jarbiter's own build compiles.
     */
    static Path compile(Path dir, String name, boolean parameters, Map<String, String> sources) throws IOException {
        Path src = Files.createDirectories(dir.resolve(name + "-src"));
        Path classes = Files.createDirectories(dir.resolve(name + "-classes"));
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp", workerApi().toString()));
        if (parameters) args.add("-parameters");
        for (Map.Entry<String, String> s : sources.entrySet()) {
            Path file = src.resolve(s.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, s.getValue());
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        if (javac.run(null, said, said, args.toArray(new String[0])) != 0) {
            throw new AssertionError("javac failed:\n" + said.toString(StandardCharsets.UTF_8));
        }
        Path jar = dir.resolve(name + ".jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out); Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                j.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                j.write(Files.readAllBytes(f));
                j.closeEntry();
            }
        }
        return jar;
    }

    /** The worker's classes (the annotations services use), as this test run sees them. */
    private static Path workerApi() {
        try {
            return Path.of(io.jarbiter.web.Http.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
