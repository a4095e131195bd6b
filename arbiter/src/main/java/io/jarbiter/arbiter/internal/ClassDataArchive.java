package io.jarbiter.arbiter.internal;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The workers' class-data archive: AppCDS ({@code -XX:SharedArchiveFile}) on JDK 17–24, the AOT cache
 * ({@code -XX:AOTCache}) on JDK 25+. Either maps the application's classes already parsed, verified
 * (and on 25, linked and profiled) into every worker, and the pages are shared between workers.
 *
 * <p>The file name carries a fingerprint of everything the JVM checks the archive against: the java
 * binary and its version, the worker's JVM options, and every class path entry's path, size and
 * modification time. A changed jar, JDK or option therefore names a different file, so a stale or
 * mismatched archive is never handed to a worker; {@code --build-archive} creates the new one.
 *
 * <p>Public for {@link io.jarbiter.arbiter.WorkerJvm}, which gives the bench an archive of the same kind ({@link #named}).
 */
public final class ClassDataArchive {
    private final Path file;
    private final boolean aotCache;

    private ClassDataArchive(Path file, boolean aotCache) {
        this.file = file;
        this.aotCache = aotCache;
    }

    /**
     * The archive for this worker command line in {@code dir}, whether it exists yet or not; empty (with
     * the reason) when the class path has a directory, which CDS cannot map.
     */
    static Result locate(Path dir, String java, int javaFeature, List<String> jvmOptions, String classpath) {
        for (String entry : classpath.split(File.pathSeparator)) {
            if (Files.isDirectory(Path.of(entry))) return new Result(Optional.empty(), hasDirectory(entry));
        }
        return new Result(Optional.of(named(dir, "worker-" + fingerprint(java, jvmOptions, classpath), javaFeature)), null);
    }

    /** Why there is no archive for a class path holding the directory {@code entry}. */
    static String hasDirectory(Object entry) {
        return "the class path has a directory (" + entry + "); package it as a jar to use an archive";
    }

    /** The archive of the kind {@code javaFeature} uses, at {@code dir/baseName} plus its extension. */
    public static ClassDataArchive named(Path dir, String baseName, int javaFeature) {
        boolean aot = javaFeature >= 25;
        return new ClassDataArchive(dir.resolve(baseName + (aot ? ".aot" : ".jsa")), aot);
    }

    record Result(Optional<ClassDataArchive> archive, String whyNot) {}

    public Path file() {
        return file;
    }

    boolean exists() {
        return Files.isRegularFile(file);
    }

    /** The options a worker gets to map the archive; the JVM falls back to no archive on its own if it cannot. */
    public List<String> useOptions() {
        return aotCache ? List.of("-XX:AOTCache=" + file, "-XX:AOTMode=auto")
                : List.of("-XX:SharedArchiveFile=" + file, "-Xshare:auto");
    }

    /**
     * Where the {@code --build-archive} worker writes this archive: a temporary name beside it, renamed into place
     * once complete, so a worker never maps a half-written file.
     */
    Path trainingOutput() {
        return file.resolveSibling(file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
    }

    /** The options of the {@code --build-archive} worker: written at its exit to {@code out}. */
    public List<String> trainingOptions(Path out) {
        // The dump warns about every class it skips (jnr's and asm's Java 5 classes, JFR's); errors still show.
        return aotCache ? List.of("-XX:AOTCacheOutput=" + out, "-Xlog:cds*=error,aot*=error")
                : List.of("-XX:ArchiveClassesAtExit=" + out, "-Xlog:cds*=error");
    }

    public String kind() {
        return aotCache ? "AOT cache" : "AppCDS archive";
    }

    private static String fingerprint(String java, List<String> jvmOptions, String classpath) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            update(sha, java + "\n" + System.getProperty("java.vm.version") + "\n" + String.join("\n", jvmOptions) + "\n");
            for (String entry : classpath.split(File.pathSeparator)) {
                update(sha, entry + "\n" + stamp(Path.of(entry)) + "\n");
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String stamp(Path entry) {
        try {
            BasicFileAttributes a = Files.readAttributes(entry, BasicFileAttributes.class);
            return a.size() + "@" + a.lastModifiedTime().toMillis();
        } catch (IOException e) {
            return "missing";
        }
    }

    private static void update(MessageDigest sha, String s) {
        sha.update(s.getBytes(StandardCharsets.UTF_8));
    }
}
