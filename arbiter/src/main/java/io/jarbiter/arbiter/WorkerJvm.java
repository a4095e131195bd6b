package io.jarbiter.arbiter;

import io.jarbiter.arbiter.internal.ClassDataArchive;
import io.jarbiter.arbiter.internal.WorkerJvmOptions;

import java.nio.file.Path;
import java.util.List;

/**
 * How the master starts a worker JVM, for tools that start a JVM the same way to compare with it (the bench's
 * plain-JVM baseline): the tuned default options, and a class-data archive of the kind the workers use.
 */
public final class WorkerJvm {
    private WorkerJvm() {}

    /** The tuned defaults a worker on {@code jdk} gets when {@code jvm_args} override none of them. */
    public static List<String> defaultOptions(Runtime.Version jdk) {
        return WorkerJvmOptions.defaults(jdk);
    }

    /** A class-data archive at {@code dir/baseName} (plus its extension) of the kind workers on {@code jdk} use. */
    public static Archive archive(Path dir, String baseName, Runtime.Version jdk) {
        ClassDataArchive archive = ClassDataArchive.named(dir, baseName, jdk.feature());
        return new Archive(archive.kind(), archive.file(), archive.useOptions(), archive.trainingOptions(archive.file()));
    }

    /**
     * A class-data archive: AppCDS on JDK 17–24, the AOT cache on 25+.
     *
     * @param kind            its name for a log line ("AppCDS archive", "AOT cache")
     * @param useOptions      the options of a JVM that maps it
     * @param trainingOptions the options of the JVM whose run writes it to {@code file} as it exits
     */
    public record Archive(String kind, Path file, List<String> useOptions, List<String> trainingOptions) {}
}
