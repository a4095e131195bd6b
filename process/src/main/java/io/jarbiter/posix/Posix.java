package io.jarbiter.posix;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Thin, typed facade over {@link LibC}: every call checks its result and throws {@link PosixException}
 * with errno and text. Thread-safe: it holds no state beyond the loaded library.
 */
public final class Posix {
    public static final int EINTR = 4, ECHILD = 10, EAGAIN = 11, EADDRINUSE = 98, ESRCH = 3, ECONNREFUSED = 111, ENOENT = 2;
    static final int SIG_BLOCK = 0, WNOHANG = 1;
    public static final int AF_UNIX = 1;
    static final int AF_INET = 2, AF_INET6 = 10, SOCK_STREAM = 1, SOCK_DGRAM = 2, SOCK_CLOEXEC = 0x80000;
    static final int MSG_NOSIGNAL = 0x4000;
    static final int SOL_SOCKET = 1, SO_REUSEADDR = 2;
    static final int F_DUPFD_CLOEXEC = 1030;
    static final int O_RDONLY = 0, O_RDWR = 2, O_CREAT = 0x40, O_EXCL = 0x80, O_CLOEXEC = 0x80000;
    static final int LOCK_SH = 1, LOCK_EX = 2, LOCK_NB = 4, EWOULDBLOCK = EAGAIN;
    /** glibc spawn flags. */
    static final short POSIX_SPAWN_SETSIGDEF = 0x04, POSIX_SPAWN_SETSIGMASK = 0x08;
    private static final int SIGSET_BYTES = 128, SIGINFO_BYTES = 128, STAT_BYTES = 256, OPAQUE_BYTES = 1024;
    /** Offset of st_ino in struct stat: the same on x86_64 and aarch64 (after the 8-byte st_dev). */
    private static final int STAT_INO_OFFSET = 8;
    /** Offset of st_ctim in struct stat: the same on x86_64 and aarch64 (asm-generic). */
    private static final int STAT_CTIME_OFFSET = 104;

    private static final Posix INSTANCE = new Posix();
    private final LibC libc;
    private final Runtime runtime;

    private Posix() {
        libc = LibraryLoader.create(LibC.class).load("c");
        runtime = Runtime.getRuntime(libc);
    }

    public static Posix get() {
        return INSTANCE;
    }

    public int getpid() {
        return libc.getpid();
    }

    public int getppid() {
        return libc.getppid();
    }

    /** Sends a signal; false when the process no longer exists. */
    public boolean kill(int pid, int sig) throws PosixException {
        if (libc.kill(pid, sig) == 0) return true;
        int errno = errno();
        if (errno == ESRCH) return false;
        throw error("kill(" + pid + ", " + Signals.name(sig) + ")", errno);
    }

    /** Reaps one exited child without blocking: {@link Reaped} or null when none is ready. */
    public Reaped reapOne() throws PosixException {
        int[] status = new int[1];
        int pid = libc.waitpid(-1, status, WNOHANG);
        if (pid > 0) return new Reaped(pid, status[0]);
        if (pid == 0) return null;
        int errno = errno();
        if (errno == ECHILD || errno == EINTR) return null;
        throw error("waitpid", errno);
    }

    /** Reaps {@code pid} if it has exited, without blocking: {@link Reaped} or null while it runs. */
    public Reaped reap(int pid) throws PosixException {
        int[] status = new int[1];
        int got = libc.waitpid(pid, status, WNOHANG);
        if (got > 0) return new Reaped(got, status[0]);
        if (got == 0) return null;
        int errno = errno();
        if (errno == EINTR) return null;
        throw error("waitpid(" + pid + ")", errno);
    }

    /** A new signal set holding {@code signals}, in native memory. */
    public Pointer sigset(int... signals) {
        Pointer set = Memory.allocateDirect(runtime, SIGSET_BYTES);
        libc.sigemptyset(set);
        for (int s : signals) libc.sigaddset(set, s);
        return set;
    }

    /** Blocks {@code signals} in the calling thread; threads it starts later inherit the mask. */
    public void blockSignals(int... signals) throws PosixException {
        int rc = libc.pthread_sigmask(SIG_BLOCK, sigset(signals), null);
        if (rc != 0) throw error("pthread_sigmask", rc);
    }

    /**
     * Waits at most {@code timeoutMillis} for one of the (blocked) signals in {@code set}.
     * Returns the signal number, or 0 on time-out or interruption.
     */
    public int sigtimedwait(Pointer set, long timeoutMillis) throws PosixException {
        Pointer info = Memory.allocateDirect(runtime, SIGINFO_BYTES);
        Pointer ts = Memory.allocateDirect(runtime, 16);
        ts.putLong(0, timeoutMillis / 1000);
        ts.putLong(8, (timeoutMillis % 1000) * 1_000_000L);
        int sig = libc.sigtimedwait(set, info, ts);
        if (sig > 0) return sig;
        int errno = errno();
        if (errno == EAGAIN || errno == EINTR) return 0;
        throw error("sigtimedwait", errno);
    }

    /** Replaces the current process image (keeps the pid and the calling thread's signal mask). */
    public PosixException execve(String path, List<String> argv, List<String> envp) {
        libc.execve(path, argv.toArray(new String[0]), envp.toArray(new String[0]));
        return error("execve(" + path + ")", errno());
    }

    /**
     * Spawns {@code path} with {@code argv} and {@code envp}. The child gets {@code fds[i]} as fd
     * {@code 3+i} and no other fd above 2; {@code blocked} is its signal mask and every signal in it
     * starts with the default disposition. The sources must not lie in 3..3+fds.length (see
     * {@link #dupHigh}).
     */
    public int spawn(String path, List<String> argv, List<String> envp, int[] fds, int[] blocked) throws PosixException {
        return spawn(path, argv, envp, fds, blocked, -1);
    }

    /** As {@link #spawn(String, List, List, int[], int[])}, with the child's stdout and stderr on {@code output} (unless -1). */
    public int spawn(String path, List<String> argv, List<String> envp, int[] fds, int[] blocked, int output) throws PosixException {
        Pointer actions = Memory.allocateDirect(runtime, OPAQUE_BYTES);
        Pointer attr = Memory.allocateDirect(runtime, OPAQUE_BYTES);
        check("posix_spawn_file_actions_init", libc.posix_spawn_file_actions_init(actions));
        check("posix_spawnattr_init", libc.posix_spawnattr_init(attr));
        try {
            for (int i = 0; i < fds.length; i++) {
                check("posix_spawn_file_actions_adddup2", libc.posix_spawn_file_actions_adddup2(actions, fds[i], 3 + i));
            }
            if (output >= 0) {
                check("posix_spawn_file_actions_adddup2", libc.posix_spawn_file_actions_adddup2(actions, output, 1));
                check("posix_spawn_file_actions_adddup2", libc.posix_spawn_file_actions_adddup2(actions, output, 2));
            }
            check("posix_spawn_file_actions_addclosefrom_np",
                    libc.posix_spawn_file_actions_addclosefrom_np(actions, 3 + fds.length));
            check("posix_spawnattr_setsigmask", libc.posix_spawnattr_setsigmask(attr, sigset(blocked)));
            check("posix_spawnattr_setsigdefault", libc.posix_spawnattr_setsigdefault(attr, sigset(blocked)));
            check("posix_spawnattr_setflags", libc.posix_spawnattr_setflags(attr,
                    (short) (POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)));
            int[] pid = new int[1];
            int rc = libc.posix_spawn(pid, path, actions, attr, argv.toArray(new String[0]), envp.toArray(new String[0]));
            if (rc != 0) throw error("posix_spawn(" + path + ")", rc);
            return pid[0];
        } finally {
            libc.posix_spawn_file_actions_destroy(actions);
            libc.posix_spawnattr_destroy(attr);
        }
    }

    /** Duplicates {@code fd} to a close-on-exec fd >= {@code min}, closes the original, returns the copy. */
    public int dupHigh(int fd, int min) throws PosixException {
        int high = duplicate(fd, min);
        libc.close(fd);
        return high;
    }

    /** Duplicates {@code fd} to a close-on-exec fd >= {@code min}, keeping the original; returns the copy. */
    public int duplicate(int fd, int min) throws PosixException {
        int high = libc.fcntl(fd, F_DUPFD_CLOEXEC, min);
        if (high < 0) throw error("fcntl(F_DUPFD_CLOEXEC)", errno());
        return high;
    }

    public void close(int fd) {
        libc.close(fd);
    }

    /** Creates, binds and listens on a TCP socket; close-on-exec. Returns the fd. */
    public int listenTcp(byte[] address, int port, int backlog) throws PosixException {
        boolean v6 = address.length == 16;
        int fd = libc.socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) throw error("socket", errno());
        try {
            Pointer one = Memory.allocateDirect(runtime, 4);
            one.putInt(0, 1);
            if (libc.setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, one, 4) != 0) throw error("setsockopt(SO_REUSEADDR)", errno());
            Pointer sa = SockAddr.encode(runtime, address, port);
            if (libc.bind(fd, sa, (int) sa.size()) != 0) throw error("bind", errno());
            if (libc.listen(fd, backlog) != 0) throw error("listen", errno());
            return fd;
        } catch (PosixException e) {
            libc.close(fd);
            throw e;
        }
    }

    /** Creates, binds and listens on a Unix stream socket at {@code path} (created with the process umask); close-on-exec. */
    public int listenUnix(String path, int backlog) throws PosixException {
        int[] length = new int[1];
        Pointer sa = SockAddr.encodeUnix(runtime, path, length);
        int fd = libc.socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) throw error("socket(AF_UNIX)", errno());
        try {
            if (libc.bind(fd, sa, length[0]) != 0) throw error("bind(" + path + ")", errno());
            if (libc.listen(fd, backlog) != 0) throw error("listen(" + path + ")", errno());
            return fd;
        } catch (PosixException e) {
            libc.close(fd);
            throw e;
        }
    }

    /**
     * Connects to the Unix stream socket at {@code path} and hangs up at once: 0 when something accepts
     * there, else the errno ({@link #ECONNREFUSED}: a socket file nothing listens on any more).
     */
    public int probeUnix(String path) throws PosixException {
        int[] length = new int[1];
        Pointer sa = SockAddr.encodeUnix(runtime, path, length);
        int fd = libc.socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) throw error("socket(AF_UNIX)", errno());
        try {
            return libc.connect(fd, sa, length[0]) == 0 ? 0 : errno();
        } finally {
            libc.close(fd);
        }
    }

    /**
     * Sends one datagram to the AF_UNIX socket at {@code path} (a leading {@code @} names an abstract
     * socket, as NOTIFY_SOCKET does): sd_notify(3) without libsystemd.
     */
    public void sendDatagram(String path, byte[] message) throws PosixException {
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        if (name.length == 0 || name.length > 107) throw error("sendto(" + path + ")", 22 /* EINVAL: no such socket name */);
        Pointer sa = Memory.allocateDirect(runtime, 110);
        sa.putShort(0, (short) AF_UNIX);
        sa.put(2, name, 0, name.length);
        if (name[0] == '@') sa.putByte(2, (byte) 0); // abstract namespace
        int length = 2 + name.length + (name[0] == '@' ? 0 : 1);
        if (name[0] != '@') sa.putByte(2 + name.length, (byte) 0);
        int fd = libc.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0) throw error("socket(AF_UNIX)", errno());
        try {
            if (libc.sendto(fd, message, message.length, MSG_NOSIGNAL, sa, length) < 0) throw error("sendto(" + path + ")", errno());
        } finally {
            libc.close(fd);
        }
    }

    /** The local address of a socket fd, or throws when fd is not a bound socket. */
    public SockAddr.Address localAddress(int fd) throws PosixException {
        Pointer sa = Memory.allocateDirect(runtime, 128);
        Pointer len = Memory.allocateDirect(runtime, 4);
        len.putInt(0, 128);
        if (libc.getsockname(fd, sa, len) != 0) throw error("getsockname(" + fd + ")", errno());
        return SockAddr.decode(sa, len.getInt(0));
    }

    /** Opens a new private file for read/write (O_EXCL, close-on-exec, mode 0600). */
    public int createFile(Path path) throws PosixException {
        int fd = libc.open(path.toString(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0) throw error("open(" + path + ")", errno());
        return fd;
    }

    public void unlink(Path path) throws PosixException {
        if (libc.unlink(path.toString()) != 0) throw error("unlink(" + path + ")", errno());
    }

    /** st_ctime of an open fd, in nanoseconds since the epoch. */
    public long ctimeNanos(int fd) throws PosixException {
        Pointer st = Memory.allocateDirect(runtime, STAT_BYTES);
        if (libc.fstat(fd, st) != 0) throw error("fstat(" + fd + ")", errno());
        return st.getLong(STAT_CTIME_OFFSET) * 1_000_000_000L + st.getLong(STAT_CTIME_OFFSET + 8);
    }

    /** st_ino of an open fd: with a path's inode, tells whether the path still names the file the fd holds. */
    public long inode(int fd) throws PosixException {
        Pointer st = Memory.allocateDirect(runtime, STAT_BYTES);
        if (libc.fstat(fd, st) != 0) throw error("fstat(" + fd + ")", errno());
        return st.getLong(STAT_INO_OFFSET);
    }

    /** Opens an existing file read-only, close-on-exec. */
    public int openReadOnly(Path path) throws PosixException {
        int fd = libc.open(path.toString(), O_RDONLY | O_CLOEXEC, 0);
        if (fd < 0) throw error("open(" + path + ")", errno());
        return fd;
    }

    /**
     * {@code flock}, never waiting: a shared or an exclusive lock on the open file description, which a child
     * that inherits the fd shares, so the lock lasts until the last process holding it closes it or exits.
     * False when another description holds a conflicting lock.
     */
    public boolean tryFlock(int fd, boolean exclusive) throws PosixException {
        if (libc.flock(fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) == 0) return true;
        int errno = errno();
        if (errno == EWOULDBLOCK) return false;
        throw error("flock(" + fd + ")", errno);
    }

    /** Changes the file mode; used as the heartbeat (it updates st_ctime). */
    public void fchmod(int fd, int mode) throws PosixException {
        if (libc.fchmod(fd, mode) != 0) throw error("fchmod(" + fd + ")", errno());
    }

    public void fchown(int fd, int uid, int gid) throws PosixException {
        if (libc.fchown(fd, uid, gid) != 0) throw error("fchown(" + fd + ")", errno());
    }

    /** Makes {@code fd} refer to what {@code target} names (used to reopen stdio onto log files). */
    public void dup2(int fd, int target) throws PosixException {
        if (libc.dup2(fd, target) < 0) throw error("dup2", errno());
    }

    /** Writes all of {@code data} at {@code offset} in one call (a record readers see whole). */
    public void pwrite(int fd, byte[] data, long offset) throws PosixException {
        long n = libc.pwrite(fd, data, data.length, offset);
        if (n != data.length) throw error("pwrite(" + fd + ")", n < 0 ? errno() : 5 /* EIO: short write */);
    }

    /** Reads up to {@code into.length} bytes at {@code offset}; returns how many were read. */
    public int pread(int fd, byte[] into, long offset) throws PosixException {
        long n = libc.pread(fd, into, into.length, offset);
        if (n < 0) throw error("pread(" + fd + ")", errno());
        return (int) n;
    }

    /** Who the workers run as ({@code user} and {@code group} settings), resolved. */
    public record Credentials(String user, int uid, int gid) {}

    /**
     * Resolves {@code user} (name or uid) and {@code group} (name or gid; null: the user's primary
     * group) through the system's user database (getpwnam(3), so NSS users work too).
     */
    public Credentials credentials(String user, String group) throws PosixException {
        Pointer pw = user.chars().allMatch(Character::isDigit) ? libc.getpwuid(Integer.parseInt(user)) : libc.getpwnam(user);
        int uid, gid;
        String name;
        if (pw == null) {
            if (!user.chars().allMatch(Character::isDigit)) throw new PosixException("getpwnam(" + user + ")", 0, "no such user");
            uid = Integer.parseInt(user); // a bare uid without a passwd entry, as in containers
            gid = uid;
            name = null;
        } else {
            name = pw.getPointer(0).getString(0); // struct passwd: pw_name, pw_passwd, pw_uid @16, pw_gid @20
            uid = pw.getInt(16);
            gid = pw.getInt(20);
        }
        if (group != null) {
            if (group.chars().allMatch(Character::isDigit)) {
                gid = Integer.parseInt(group);
            } else {
                Pointer gr = libc.getgrnam(group); // struct group: gr_name, gr_passwd, gr_gid @16
                if (gr == null) throw new PosixException("getgrnam(" + group + ")", 0, "no such group");
                gid = gr.getInt(16);
            }
        }
        return new Credentials(name, uid, gid);
    }

    /**
     * Becomes {@code c} for good: supplementary groups (the user's, or just {@code gid}), then the gid,
     * then the uid, in that order (after setuid nothing else may change); verifies the result.
     */
    public void dropPrivileges(Credentials c) throws PosixException {
        if (c.user() != null ? libc.initgroups(c.user(), c.gid()) != 0 : libc.setgroups(1, new int[] {c.gid()}) != 0) {
            throw error("setgroups", errno());
        }
        if (libc.setgid(c.gid()) != 0) throw error("setgid(" + c.gid() + ")", errno());
        if (libc.setuid(c.uid()) != 0) throw error("setuid(" + c.uid() + ")", errno());
        if (libc.getuid() != c.uid() || libc.geteuid() != c.uid() || libc.getgid() != c.gid()) {
            throw new PosixException("setuid(" + c.uid() + ")", 1, "still uid " + libc.geteuid() + " gid " + libc.getgid());
        }
    }

    public int geteuid() {
        return libc.geteuid();
    }

    public void chown(Path path, int uid, int gid) throws PosixException {
        if (libc.chown(path.toString(), uid, gid) != 0) throw error("chown(" + path + ")", errno());
    }

    public int umask(int mask) {
        return libc.umask(mask);
    }

    /** The current process's command line, as the kernel has it. */
    public static List<String> ownCommandLine() throws java.io.IOException {
        byte[] raw = Files.readAllBytes(Path.of("/proc/self/cmdline"));
        List<String> args = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == 0) {
                args.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return args;
    }

    private int errno() {
        return runtime.getLastError();
    }

    private void check(String call, int rc) throws PosixException {
        if (rc != 0) throw error(call, rc);
    }

    private PosixException error(String call, int errno) {
        return new PosixException(call, errno, libc.strerror(errno));
    }
}
