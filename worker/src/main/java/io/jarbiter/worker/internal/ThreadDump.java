package io.jarbiter.worker.internal;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;

/** A full thread dump (every frame, locks held and waited on), like {@code jcmd Thread.print}. */
final class ThreadDump {
    private ThreadDump() {}

    static String capture() {
        StringBuilder out = new StringBuilder("Full thread dump of pid ")
                .append(ProcessHandle.current().pid()).append(":\n");
        for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            appendThread(out, info);
        }
        return out.toString();
    }

    private static void appendThread(StringBuilder out, ThreadInfo info) {
        out.append('\n').append('"').append(info.getThreadName()).append("\" #").append(info.getThreadId())
                .append(info.isDaemon() ? " daemon" : "").append(' ').append(info.getThreadState());
        if (info.getLockName() != null) out.append(" on ").append(info.getLockName());
        if (info.getLockOwnerName() != null) out.append(" owned by \"").append(info.getLockOwnerName()).append('"');
        out.append('\n');
        StackTraceElement[] frames = info.getStackTrace();
        for (int i = 0; i < frames.length; i++) {
            out.append("\tat ").append(frames[i]).append('\n');
            for (MonitorInfo m : info.getLockedMonitors()) {
                if (m.getLockedStackDepth() == i) out.append("\t- locked ").append(m).append('\n');
            }
        }
        for (LockInfo l : info.getLockedSynchronizers()) {
            out.append("\t- locked synchronizer ").append(l).append('\n');
        }
    }
}
