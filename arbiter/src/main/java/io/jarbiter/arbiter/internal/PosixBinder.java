package io.jarbiter.arbiter.internal;

import io.jarbiter.conf.Config;
import io.jarbiter.posix.Posix;
import io.jarbiter.posix.PosixException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The master's listening sockets in production ({@link ArbiterContext.Binder#posix}). The first bind adopts
 * the inherited sockets when there are any (USR2 upgrade, systemd socket activation). A bind keeps an open
 * listener whose {@code bind} entry it has again (the new list gets a copy of its fd), so a reload that adds an
 * address never binds an old one twice.
 *
 * <p><b>Socket files.</b> The master removes the file of a unix socket it created (or took over from the
 * master it upgraded) once its last listener on it closes: at exit, or when a reload drops the address.
 * Not while another master serves on the same socket: the new master of a USR2 upgrade while it runs, or
 * the old master this one was started by. Sockets systemd or {@code fd://N} passed are never its to remove.
 *
 * <p>Main thread only, like every Binder call.
 */
final class PosixBinder implements ArbiterContext.Binder {
    private static final Logger LOG = LoggerFactory.getLogger("jarbiter.arbiter");
    private final long parentMaster;
    private final List<Listeners.Listener> open = new ArrayList<>();
    /** Socket files this master removes once it no longer listens on them. */
    private final Set<String> owned = new HashSet<>();
    private InheritedListeners pending;
    private long newMaster;

    /** @param parentMaster the master whose USR2 started this one, or 0 */
    PosixBinder(InheritedListeners inherited, long parentMaster) {
        this.pending = inherited;
        this.parentMaster = parentMaster;
    }

    @Override
    public List<Listeners.Listener> bind(List<String> binds, int backlog) {
        return bind(binds, backlog, UnixSocketFile.Owner.PROCESS);
    }

    @Override
    public List<Listeners.Listener> bind(Config config) {
        boolean unix = config.bind().stream().anyMatch(b -> b.startsWith(Listeners.UNIX));
        Posix.Credentials user = unix ? WorkerUser.resolve(config).orElse(null) : null;
        return bind(config.bind(), config.backlog(), new UnixSocketFile.Owner(config.umask(), user));
    }

    private List<Listeners.Listener> bind(List<String> binds, int backlog, UnixSocketFile.Owner owner) {
        if (!pending.isEmpty()) return adopt(binds);
        List<Listeners.Listener> result = new ArrayList<>();
        try {
            for (String bind : binds) result.add(keptOrBound(bind, backlog, owner));
        } catch (HaltException e) {
            close(result);
            throw e;
        }
        return result;
    }

    private List<Listeners.Listener> adopt(List<String> binds) {
        InheritedListeners now = pending;
        pending = InheritedListeners.NONE;
        List<Listeners.Listener> result = Listeners.adopt(now, binds);
        open.addAll(result);
        // the files of an upgrade's sockets are this master's once the old one is gone; systemd's never are
        if (parentMaster != 0) result.stream().map(Listeners.Listener::unixPath).filter(Objects::nonNull).forEach(owned::add);
        return result;
    }

    private Listeners.Listener keptOrBound(String bind, int backlog, UnixSocketFile.Owner owner) {
        Listeners.Listener kept = open.stream().filter(l -> l.bind().equals(bind)).findFirst().orElse(null);
        Listeners.Listener l;
        if (kept != null) {
            try {
                l = new Listeners.Listener(bind, Posix.get().duplicate(kept.fd(), Listeners.HIGH_FD), kept.url());
            } catch (PosixException e) {
                throw new HaltException(1, "cannot keep listening on " + bind + ": " + e.getMessage());
            }
        } else {
            l = Listeners.bindOne(bind, backlog, owner);
            if (l.unixPath() != null && !bind.startsWith("fd://")) owned.add(l.unixPath());
        }
        open.add(l);
        return l;
    }

    @Override
    public void close(List<Listeners.Listener> listeners) {
        for (Listeners.Listener l : listeners) {
            if (!open.remove(l)) continue; // closed before (a stop, then the exit): its fd number may be reused by now
            Posix.get().close(l.fd());
            String path = l.unixPath();
            if (path == null || !owned.contains(path) || open.stream().anyMatch(o -> path.equals(o.unixPath()))) continue;
            owned.remove(path);
            if (anotherMasterServes()) {
                LOG.info("Leaving the socket file {} to the other master serving on it", path);
            } else {
                UnixSocketFile.remove(path);
            }
        }
    }

    @Override
    public void closeAll() {
        close(List.copyOf(open));
    }

    @Override
    public void sharedWith(long pid) {
        newMaster = pid;
    }

    private boolean anotherMasterServes() {
        return alive(newMaster) || alive(parentMaster);
    }

    private static boolean alive(long pid) {
        return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
