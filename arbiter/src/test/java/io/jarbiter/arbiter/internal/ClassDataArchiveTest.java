package io.jarbiter.arbiter.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The archive's name changes with everything the JVM checks it against, so a stale one is never used. */
class ClassDataArchiveTest {
    @TempDir
    Path dir;

    @Test
    void theNameFollowsJarsOptionsAndJdk() throws Exception {
        Path jar = Files.write(dir.resolve("a.jar"), new byte[] {1, 2, 3});
        String cp = jar.toString();
        Path name = file(17, List.of("-Xss512k"), cp);
        assertEquals(name, file(17, List.of("-Xss512k"), cp), "stable for the same inputs");
        assertNotEquals(name, file(17, List.of("-Xss1m"), cp), "options");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 1000));
        Path touched = file(17, List.of("-Xss512k"), cp);
        assertNotEquals(name, touched, "a jar's modification time");
        Files.write(jar, new byte[] {1, 2, 3, 4});
        assertNotEquals(touched, file(17, List.of("-Xss512k"), cp), "a jar's size");
        assertTrue(file(17, List.of(), cp).toString().endsWith(".jsa"));
        assertTrue(file(25, List.of(), cp).toString().endsWith(".aot"));
    }

    @Test
    void aDirectoryOnTheClassPathHasNoArchiveAndSaysWhy() throws Exception {
        Path classes = Files.createDirectory(dir.resolve("classes"));
        ClassDataArchive.Result r = ClassDataArchive.locate(dir, "/usr/bin/java", 17, List.of(), classes.toString());
        assertTrue(r.archive().isEmpty());
        assertTrue(r.whyNot().contains(classes.toString()), r.whyNot());
    }

    private Path file(int feature, List<String> options, String cp) {
        return ClassDataArchive.locate(dir, "/usr/bin/java", feature, options, cp).archive().orElseThrow().file();
    }
}
