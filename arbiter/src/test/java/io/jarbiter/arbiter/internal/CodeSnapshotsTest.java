package io.jarbiter.arbiter.internal;

import io.jarbiter.conf.Config;
import io.jarbiter.posix.Posix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Copies of the class path: named by their content, immutable, and removed once no process holds them. */
@Timeout(60)
class CodeSnapshotsTest {
    @TempDir
    Path dir;

    Path code() {
        return dir.resolve("code");
    }

    Config config() throws Exception {
        return config("code");
    }

    Config config(String codeSnapshotDir) throws Exception {
        Path app = dir.resolve("app.yaml");
        Files.writeString(app, "classpath: [app.jar, classes]\nservices: [com.example.Svc]\ncode_snapshot_dir: '" + codeSnapshotDir + "'\n");
        return Config.load(List.of(app.toString()), Map.of());
    }

    void writeApp(String greeting) throws Exception {
        Files.write(dir.resolve("app.jar"), ("jar bytes " + greeting).getBytes());
        Files.createDirectories(dir.resolve("classes/com/example"));
        Files.writeString(dir.resolve("classes/com/example/Svc.class"), "class bytes " + greeting);
    }

    @Test
    void theSameContentIsTheSameCopyAndChangedContentANewOne() throws Exception {
        writeApp("v1");
        Files.setLastModifiedTime(dir.resolve("app.jar"), FileTime.fromMillis(1_600_000_000_000L));
        CodeSnapshot first = new CodeSnapshots().of(config());
        Path copy = first.dir().orElseThrow();
        assertEquals(code(), copy.getParent());
        assertEquals(List.of(copy.resolve("0-app.jar"), copy.resolve("1-classes")), first.classpath());
        assertEquals("jar bytes v1", Files.readString(copy.resolve("0-app.jar")));
        assertEquals("class bytes v1", Files.readString(copy.resolve("1-classes/com/example/Svc.class")));
        assertEquals(FileTime.fromMillis(1_600_000_000_000L), Files.getLastModifiedTime(copy.resolve("0-app.jar")), "the jar's own mtime");
        assertEquals("r--r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(copy.resolve("0-app.jar"))), "read-only");

        // another master (or --build-archive) with the same content joins the same copy; a touch changes nothing
        Files.setLastModifiedTime(dir.resolve("app.jar"), FileTime.fromMillis(1_700_000_000_000L));
        assertEquals(copy, new CodeSnapshots().of(config()).dir().orElseThrow());

        // a build rewrites one class in place: a new copy, and the first one is untouched
        Files.writeString(dir.resolve("classes/com/example/Svc.class"), "class bytes v2");
        Path second = new CodeSnapshots().of(config()).dir().orElseThrow();
        assertNotEquals(copy, second);
        assertEquals("class bytes v1", Files.readString(copy.resolve("1-classes/com/example/Svc.class")));
        assertEquals("class bytes v2", Files.readString(second.resolve("1-classes/com/example/Svc.class")));
    }

    @Test
    void aGenerationKeepsItsCopyUntilItsConfigurationIsLetGo() throws Exception {
        writeApp("v1");
        CodeSnapshots master = new CodeSnapshots();
        Config first = config();
        CodeSnapshot snapshot = master.of(first);
        writeApp("v2"); // a build after the start: the generation's later workers still get the first copy
        assertEquals(snapshot, master.of(first));
        assertEquals("jar bytes v1", Files.readString(snapshot.classpath().get(0)));

        Config reloaded = config();
        Path newCopy = master.of(reloaded).dir().orElseThrow();
        master.retain(List.of(reloaded, first)); // a reload in progress: both kept
        assertTrue(Files.isDirectory(snapshot.dir().orElseThrow()));
        master.retain(List.of(reloaded));
        assertFalse(Files.exists(snapshot.dir().orElseThrow()), "removed once nobody holds it");
        assertTrue(Files.isDirectory(newCopy));
    }

    @Test
    void aCopyStaysWhileAWorkerThatInheritedItsLockRuns() throws Exception {
        writeApp("v1");
        CodeSnapshots master = new CodeSnapshots();
        Config first = config();
        CodeSnapshot snapshot = master.of(first);
        Path copy = snapshot.dir().orElseThrow();
        int worker = Posix.get().spawn("/bin/sleep", List.of("sleep", "60"), List.of(), new int[] {snapshot.lockFd()}, new int[0]);
        try {
            writeApp("v2");
            master.retain(List.of(config()));
            master.of(config()); // a later take sweeps too: still held by the worker
            assertTrue(Files.isDirectory(copy), "the worker still runs from it");
        } finally {
            Posix.get().kill(worker, 9);
            await("the worker reaped").atMost(Duration.ofSeconds(10)).until(() -> Posix.get().reap(worker) != null);
        }
        master.removeReleased(); // what the master does after it reaped a worker
        assertFalse(Files.exists(copy));
    }

    @Test
    void copiesNobodyHoldsAndAbandonedTemporaryCopiesAreSweptWhenAMasterTakesOne() throws Exception {
        writeApp("v1");
        Path leftover = new CodeSnapshots().of(config()).dir().orElseThrow(); // a live master holds it
        writeApp("v2");
        CodeSnapshot killed = new CodeSnapshots().of(config());
        killed.release(); // the master that took it was killed: its lock went with it
        Path stale = killed.dir().orElseThrow();
        Path halfWritten = Files.createDirectories(code().resolve(".tmp-1-2/0-app.jar"));
        Files.createFile(code().resolve(".tmp-1-2/.lock"));

        writeApp("v3");
        Path current = new CodeSnapshots().of(config()).dir().orElseThrow();
        assertTrue(Files.isDirectory(leftover), "another master holds it");
        assertTrue(Files.isDirectory(current));
        assertFalse(Files.exists(stale), "left by a previous run, held by no process");
        assertFalse(Files.exists(halfWritten.getParent()), "a copy cut short, whose lock nobody holds");
        try (Stream<Path> left = Files.list(code())) {
            assertEquals(2, left.count());
        }
    }

    @Test
    void aCopyThatCannotBeWrittenNamesTheDirectoryAndTheRemedy() throws Exception {
        writeApp("v1");
        Files.writeString(dir.resolve("code"), "not a directory");
        CodeSnapshotException e = assertThrows(CodeSnapshotException.class, () -> new CodeSnapshots().of(config()));
        assertTrue(e.getMessage().contains("code_snapshot_dir " + code()) && e.getMessage().contains("'off'"), e.getMessage());
    }

    @Test
    void offRunsTheClassPathInPlace() throws Exception {
        writeApp("v1");
        CodeSnapshot inPlace = new CodeSnapshots().of(config("off"));
        assertTrue(inPlace.dir().isEmpty());
        assertEquals(List.of(dir.resolve("app.jar"), dir.resolve("classes")), inPlace.classpath());
        assertEquals(-1, inPlace.lockFd());
    }

}
