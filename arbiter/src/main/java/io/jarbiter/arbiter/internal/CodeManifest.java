package io.jarbiter.arbiter.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * What a class path holds, file by file: where each file goes in a copy, its size and modification time, and
 * a SHA-256 of its bytes. Its {@link #digest} names the copy, so two copies of the same name hold the same
 * bytes. A jar's manifest {@code Class-Path} is followed (the JVM follows it, relative to the jar, which a
 * copy elsewhere would break): each entry it names that exists is added to the class path after the jar.
 */
final class CodeManifest {
    /** One top-level class path entry; {@code target} null: missing, left on the class path as it was. */
    record Entry(Path source, String target) {}

    /** One file or directory of the copy; {@code sha} null for a directory. */
    record Item(Path source, String target, long size, FileTime mtime, byte[] sha) {}

    /** A file's digest, valid while its size, times and inode stay as they were. */
    record Stamped(String stamp, byte[] sha) {}

    private final List<Entry> entries;
    private final List<Item> items;

    private CodeManifest(List<Entry> entries, List<Item> items) {
        this.entries = entries;
        this.items = items;
    }

    /**
     * Reads {@code classpath} (absolute paths); {@code known} caches each file's digest by its stamp, so an
     * unchanged jar is not read again. Throws with the entry's name when an entry cannot be read.
     */
    static CodeManifest read(List<Path> classpath, Map<Path, Stamped> known) throws IOException {
        List<Path> all = withManifestClassPath(classpath);
        List<Entry> entries = new ArrayList<>();
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Path source = all.get(i);
            if (!Files.exists(source)) {
                entries.add(new Entry(source, null)); // the worker's "class not found on classpath" names it
                continue;
            }
            String target = i + "-" + source.getFileName();
            entries.add(new Entry(source, target));
            try {
                if (Files.isDirectory(source)) {
                    addTree(source, target, known, items);
                } else {
                    items.add(file(source, target, known));
                }
            } catch (IOException e) {
                throw new ReadFailed("cannot read classpath entry " + source + ": " + why(e), e);
            }
        }
        return new CodeManifest(List.copyOf(entries), List.copyOf(items));
    }

    /** The class path entries plus what their manifests' Class-Path names, each right after its jar. */
    private static List<Path> withManifestClassPath(List<Path> classpath) {
        List<Path> all = new ArrayList<>();
        for (Path entry : classpath) addWithManifestClassPath(entry.toAbsolutePath().normalize(), all);
        return all;
    }

    private static void addWithManifestClassPath(Path entry, List<Path> all) {
        if (all.contains(entry)) return;
        all.add(entry);
        if (!Files.isRegularFile(entry)) return;
        String classPath = null;
        try (JarFile jar = new JarFile(entry.toFile(), false)) {
            Manifest m = jar.getManifest();
            if (m != null) classPath = m.getMainAttributes().getValue("Class-Path");
        } catch (IOException e) {
            return; // not a readable jar: the copy is what the JVM would have read, and fails the same way
        }
        if (classPath == null) return;
        for (String url : classPath.trim().split("\\s+")) {
            try {
                URI uri = entry.toUri().resolve(url);
                Path p = Path.of(uri);
                if (Files.exists(p)) addWithManifestClassPath(p.normalize(), all);
            } catch (IllegalArgumentException e) {
                // not a file URL: the JVM ignores it too
            }
        }
    }

    private static void addTree(Path root, String target, Map<Path, Stamped> known, List<Item> items) throws IOException {
        try (Stream<Path> walk = Files.walk(root, FileVisitOption.FOLLOW_LINKS)) {
            for (Path p : walk.sorted().toList()) {
                String rel = root.relativize(p).toString();
                String to = rel.isEmpty() ? target : target + "/" + rel;
                if (Files.isDirectory(p)) items.add(new Item(p, to, 0, null, null));
                else if (Files.isRegularFile(p)) items.add(file(p, to, known));
            }
        }
    }

    private static Item file(Path source, String target, Map<Path, Stamped> known) throws IOException {
        Map<String, Object> a = Files.readAttributes(source, "unix:size,lastModifiedTime,ctime,ino");
        long size = (Long) a.get("size");
        FileTime mtime = (FileTime) a.get("lastModifiedTime");
        String stamp = size + " " + mtime.to(java.util.concurrent.TimeUnit.NANOSECONDS) + " "
                + ((FileTime) a.get("ctime")).to(java.util.concurrent.TimeUnit.NANOSECONDS) + " " + a.get("ino");
        Stamped cached = known.get(source);
        if (cached == null || !cached.stamp().equals(stamp)) {
            MessageDigest sha = sha256();
            try (InputStream in = new DigestInputStream(Files.newInputStream(source), sha)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            cached = new Stamped(stamp, sha.digest());
            known.put(source, cached);
        }
        return new Item(source, target, size, mtime, cached.sha());
    }

    /** The copy's name: a digest of the layout and of every file's bytes (not of their times). */
    String digest() {
        MessageDigest sha = sha256();
        for (Entry e : entries) update(sha, e.target() == null ? "missing " + e.source() : "entry " + e.target());
        for (Item i : items) update(sha, i.sha() == null ? "dir " + i.target() : "file " + i.target() + " " + i.size() + " " + HexFormat.of().formatHex(i.sha()));
        return HexFormat.of().formatHex(sha.digest(), 0, 16);
    }

    /** The class path of a copy in {@code dir}: its entries there, the missing ones where they were. */
    List<Path> classpathIn(Path dir) {
        List<Path> cp = new ArrayList<>();
        for (Entry e : entries) cp.add(e.target() == null ? e.source() : dir.resolve(e.target()));
        return cp;
    }

    /** Whether {@code dir} holds every file at its size (a copy cut short by a power loss does not). */
    boolean matchesSizes(Path dir) {
        for (Item i : items) {
            Path p = dir.resolve(i.target());
            try {
                if (i.sha() == null ? !Files.isDirectory(p) : Files.size(p) != i.size()) return false;
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    /**
     * Copies every file into {@code dir} (which exists), read-only, with its source's modification time (the
     * class-data archive checks a jar's), and forced to disk before the caller renames {@code dir} into place.
     * Throws {@link ChangedWhileCopied} when a file's bytes differ from what {@link #read} saw.
     */
    void copyTo(Path dir) throws IOException {
        for (Item i : items) {
            Path to = dir.resolve(i.target());
            if (i.sha() == null) {
                Files.createDirectories(to);
                continue;
            }
            MessageDigest sha = sha256();
            try (InputStream in = new DigestInputStream(open(i.source()), sha);
                 var out = java.nio.channels.FileChannel.open(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                in.transferTo(java.nio.channels.Channels.newOutputStream(out));
                out.force(false);
            }
            if (!Arrays.equals(sha.digest(), i.sha())) throw new ChangedWhileCopied(i.source());
            Files.setLastModifiedTime(to, i.mtime());
            to.toFile().setWritable(false, false);
        }
    }

    private static InputStream open(Path source) throws IOException {
        try {
            return Files.newInputStream(source);
        } catch (IOException e) {
            throw new ReadFailed("cannot read classpath file " + source + ": " + why(e), e);
        }
    }

    /** A class path entry that cannot be read (the copy's directory is not to blame). */
    static final class ReadFailed extends IOException {
        ReadFailed(String message, IOException cause) {
            super(message, cause);
        }
    }

    /** A class path file whose bytes changed between reading its digest and copying it (a build writing it). */
    static final class ChangedWhileCopied extends IOException {
        ChangedWhileCopied(Path file) {
            super(file + " changed while it was copied");
        }
    }

    /** An I/O error in a few words: NIO's exceptions carry only the path as their message. */
    static String why(IOException e) {
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof NoSuchFileException) return "no such file";
        if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason();
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static void update(MessageDigest sha, String line) {
        sha.update((line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
