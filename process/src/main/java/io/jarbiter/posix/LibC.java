package io.jarbiter.posix;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;

/**
 * The few libc calls jarbiter binds directly with jnr-ffi. jnr-posix's own spawn leaks every JVM fd
 * into the child and cannot set the signal mask (docs/ARCHITECTURE.md#processes), so spawning, signal waiting, reaping
 * and socket creation go through here. Opaque C structs are passed as raw memory of a generous size.
 */
public interface LibC {
    int posix_spawn(@Out int[] pid, String path, Pointer fileActions, Pointer attr, String[] argv, String[] envp);
    int posix_spawn_file_actions_init(Pointer fileActions);
    int posix_spawn_file_actions_destroy(Pointer fileActions);
    int posix_spawn_file_actions_adddup2(Pointer fileActions, int fd, int newFd);
    int posix_spawn_file_actions_addclosefrom_np(Pointer fileActions, int from);
    int posix_spawnattr_init(Pointer attr);
    int posix_spawnattr_destroy(Pointer attr);
    int posix_spawnattr_setflags(Pointer attr, short flags);
    int posix_spawnattr_setsigmask(Pointer attr, Pointer sigset);
    int posix_spawnattr_setsigdefault(Pointer attr, Pointer sigset);

    int sigemptyset(Pointer set);
    int sigaddset(Pointer set, int signo);
    int pthread_sigmask(int how, Pointer set, Pointer oldSet);
    @SaveError int sigtimedwait(Pointer set, Pointer info, Pointer timeout);

    @SaveError int waitpid(int pid, @Out int[] status, int options);
    @SaveError int kill(int pid, int sig);
    int getpid();
    int getppid();
    @SaveError int execve(String path, String[] argv, String[] envp);

    @SaveError int socket(int domain, int type, int protocol);
    @SaveError int setsockopt(int fd, int level, int option, Pointer value, int length);
    @SaveError int bind(int fd, Pointer address, int length);
    @SaveError int listen(int fd, int backlog);
    @SaveError int connect(int fd, Pointer address, int length);
    @SaveError int getsockname(int fd, Pointer address, Pointer length);
    @SaveError int fcntl(int fd, int cmd, int arg);
    @SaveError long sendto(int fd, @jnr.ffi.annotations.In byte[] buf, long length, int flags, Pointer address, int addressLength);
    @SaveError int close(int fd);

    @SaveError int open(String path, int flags, int mode);
    @SaveError int unlink(String path);
    @SaveError int fstat(int fd, Pointer stat);
    @SaveError int fchmod(int fd, int mode);
    @SaveError int flock(int fd, int operation);
    @SaveError int fchown(int fd, int uid, int gid);
    @SaveError int dup2(int fd, int newFd);
    @SaveError long pread(int fd, @Out byte[] buf, long count, long offset);
    @SaveError long pwrite(int fd, @jnr.ffi.annotations.In byte[] buf, long count, long offset);
    int umask(int mask);

    Pointer getpwnam(String name);
    Pointer getpwuid(int uid);
    Pointer getgrnam(String name);
    int geteuid();
    int getuid();
    int getgid();
    @SaveError int initgroups(String user, int gid);
    @SaveError int setgroups(long size, @jnr.ffi.annotations.In int[] list);
    @SaveError int setgid(int gid);
    @SaveError int setuid(int uid);
    @SaveError int chown(String path, int uid, int gid);
    String strerror(int errno);
}
