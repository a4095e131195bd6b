package io.jarbiter.tests;

import io.jarbiter.posix.Posix;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What systemd does for a socket unit, in plain Java for the process tests: listens on HOST:PORT (or
 * unix:PATH), puts the socket at fd 3, sets {@code LISTEN_FDS=1} and {@code LISTEN_PID} to its own pid, prints
 * {@code LISTEN_PORT=N} (or {@code LISTEN_PATH=PATH}), and execs the rest of its arguments through bash (keeping the pid, as systemd's
 * exec does).
 * Usage: {@code java ... SocketActivator HOST:PORT|unix:PATH COMMAND [ARGS...]}.
 */
public final class SocketActivator {
    private SocketActivator() {}

    public static void main(String[] args) throws Exception {
        String bind = args[0];
        List<String> command = Arrays.asList(args).subList(1, args.length);
        Posix posix = Posix.get();
        int fd;
        if (bind.startsWith("unix:")) {
            fd = posix.dupHigh(posix.listenUnix(bind.substring(5), 128), 200);
            System.out.println("LISTEN_PATH=" + posix.localAddress(fd).path());
        } else {
            int colon = bind.lastIndexOf(':');
            byte[] address = InetAddress.getByName(bind.substring(0, colon)).getAddress();
            fd = posix.dupHigh(posix.listenTcp(address, Integer.parseInt(bind.substring(colon + 1)), 128), 200);
            System.out.println("LISTEN_PORT=" + posix.localAddress(fd).port());
        }
        System.out.flush();
        // fd 3 may be one this JVM still reads (its class image), so the move to fd 3 happens in bash,
        // after the exec: dup2 to 201 leaves a copy without close-on-exec that survives it
        posix.dup2(fd, 201);
        List<String> envp = new ArrayList<>();
        System.getenv().forEach((k, v) -> envp.add(k + "=" + v));
        envp.add("LISTEN_FDS=1");
        envp.add("LISTEN_FDNAMES=http");
        List<String> argv = new ArrayList<>(List.of("/bin/bash", "-c", "exec 3<&201 201<&-; export LISTEN_PID=$$; exec \"$@\"", "bash"));
        argv.addAll(command);
        throw posix.execve(argv.get(0), argv, envp);
    }
}
