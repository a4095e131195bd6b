package io.jarbiter.arbiter.internal;

import io.jarbiter.posix.Posix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The production binder on real sockets: unix socket files, listeners kept across a bind, removal at the end. */
@Timeout(30)
class PosixBinderTest {
    @TempDir
    Path dir;

    private static boolean exists(Path p) {
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
    }

    @Test
    void aUnixListenerAcceptsAndItsFileGoesWithTheLastListenerOnIt() throws Exception {
        Path socket = dir.resolve("a.sock");
        PosixBinder binder = new PosixBinder(InheritedListeners.NONE, 0);
        List<Listeners.Listener> first = binder.bind(List.of("unix:" + socket, "127.0.0.1:0"), 16);
        assertEquals("unix:" + socket, first.get(0).url());
        assertEquals(socket.toString(), first.get(0).unixPath());
        try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            assertTrue(client.isConnected(), "the kernel queues the connection on the master's listening socket");
        }

        // a reload that adds an address keeps the others: a copy of the same socket, never a second bind
        List<Listeners.Listener> second = binder.bind(List.of("unix:" + socket, "127.0.0.1:0", "unix:" + dir.resolve("b.sock")), 16);
        assertEquals(first.get(0).url(), second.get(0).url());
        assertNotEquals(first.get(0).fd(), second.get(0).fd());
        assertEquals(first.get(1).url(), second.get(1).url(), "the TCP listener keeps its port");

        binder.close(first); // the old generation is gone
        assertTrue(exists(socket), "the new list still listens on it");
        binder.close(first); // twice: a no-op, not a close of whatever reuses those fd numbers
        binder.closeAll();
        assertFalse(exists(socket));
        assertFalse(exists(dir.resolve("b.sock")));
    }

    @Test
    void theFileStaysWhileAnotherMasterServesOnIt() throws Exception {
        Path socket = dir.resolve("a.sock");
        PosixBinder binder = new PosixBinder(InheritedListeners.NONE, 0);
        binder.bind(List.of("unix:" + socket), 16);
        binder.sharedWith(ProcessHandle.current().pid()); // stands for the new master of a USR2: alive
        binder.closeAll();
        assertTrue(exists(socket));
    }

    @Test
    void aSocketPassedBySystemdIsAdoptedAndItsFileLeftAlone() throws Exception {
        Path socket = dir.resolve("a.sock");
        int fd = Posix.get().listenUnix(socket.toString(), 16);
        PosixBinder binder = new PosixBinder(new InheritedListeners("systemd (socket activation)", List.of(fd)), 0);
        List<Listeners.Listener> adopted = binder.bind(List.of("unix:/elsewhere.sock"), 16);
        assertEquals("unix:" + socket, adopted.get(0).url());
        binder.closeAll();
        assertTrue(exists(socket), "systemd's to remove");
    }

    @Test
    void aStaleFileIsReplacedAndAFileThatIsNotASocketRefused() throws Exception {
        Path socket = dir.resolve("a.sock");
        Posix.get().close(Posix.get().listenUnix(socket.toString(), 16)); // closed: nothing listens, the file stays
        PosixBinder binder = new PosixBinder(InheritedListeners.NONE, 0);
        List<Listeners.Listener> l = binder.bind(List.of("unix:" + socket), 16);
        try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            client.write(ByteBuffer.wrap(new byte[] {1}));
        }
        binder.close(l);

        Path file = dir.resolve("file");
        Files.writeString(file, "keep");
        HaltException e = assertThrows(HaltException.class, () -> binder.bind(List.of("unix:" + file), 16));
        assertEquals("bind 'unix:" + file + "': " + file + " exists and is not a socket; remove it or choose another path", e.getMessage());
        assertEquals("keep", Files.readString(file));
    }
}
