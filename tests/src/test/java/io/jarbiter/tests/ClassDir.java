package io.jarbiter.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The directory of a master that the tests of one class share ({@code @BeforeAll} to {@code @AfterAll}): made
 * here because JUnit does not inject {@code @TempDir} fields of a {@code @Nested} class before its {@code @BeforeAll}.
 */
final class ClassDir {
    private ClassDir() {}

    static Path create(Class<?> testClass) throws IOException {
        return Files.createTempDirectory("jarbiter-" + testClass.getSimpleName() + "-");
    }

    /** Deletes {@code dir} and everything in it; nothing when it is null. */
    static void delete(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
