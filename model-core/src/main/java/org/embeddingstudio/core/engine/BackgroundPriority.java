package org.embeddingstudio.core.engine;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/**
 * Lowers the scheduling priority of the calling thread, so long computations yield the CPU to whoever draws the
 * window.
 *
 * <p>Why: on a 2-core machine, loading a model or training keeps both cores busy (a loader thread plus PyTorch's
 * intra-op threads), and the JavaFX application and render threads then wait their turn: measured under Xvfb, the
 * longest gap between frames while the demo model opened reached 140–220 ms. Java's {@link Thread#setPriority} is
 * ignored on Linux, so this calls {@code setpriority(2)} on the thread itself (Linux schedules threads as tasks; a
 * thread may always lower its own priority). Threads the niced thread starts later — PyTorch's OpenMP workers are
 * started by the first thread that runs a parallel operation — inherit the nice value. When nothing else wants the
 * CPU a niced thread runs exactly as fast as before.
 */
public final class BackgroundPriority {
    /** The nice value for background work: CFS then gives a nice-0 thread about 9 times its share. */
    public static final int NICE = 10;

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundPriority.class);
    private static final int PRIO_PROCESS = 0;
    private static final LinuxC LIBC = linuxC();

    interface LinuxC extends Library {
        int gettid();

        int setpriority(int which, int who, int priority);

        int getpriority(int which, int who);
    }

    private BackgroundPriority() {
    }

    /**
     * Gives the calling thread the nice value {@link #NICE} (never raises priority: a thread already nicer stays
     * so).
     *
     * @return whether the thread now runs at background priority; false where the OS offers no per-thread nice
     *         value (then the thread runs as before)
     */
    public static boolean lowerCurrentThread() {
        LinuxC libc = LIBC;
        if (libc == null) {
            return false;
        }
        int tid = libc.gettid();
        if (currentNice(libc, tid) >= NICE) {
            return true;
        }
        if (libc.setpriority(PRIO_PROCESS, tid, NICE) != 0) {
            LOG.debug("setpriority refused for thread {}: errno {}", tid, Native.getLastError());
            return false;
        }
        return true;
    }

    /** The calling thread's nice value as the kernel reports it, or 0 where there is none to read. */
    public static int currentThreadNice() {
        LinuxC libc = LIBC;
        return libc == null ? 0 : currentNice(libc, libc.gettid());
    }

    private static int currentNice(LinuxC libc, int tid) {
        // getpriority may legitimately return -1 (nice -1): errno tells an error from that value.
        Native.setLastError(0);
        int nice = libc.getpriority(PRIO_PROCESS, tid);
        return nice == -1 && Native.getLastError() != 0 ? 0 : nice;
    }

    private static LinuxC linuxC() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return null;
        }
        try {
            LinuxC libc = Native.load("c", LinuxC.class);
            libc.gettid(); // glibc before 2.30 and some other C libraries lack gettid: keep the default priority
            return libc;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            LOG.debug("no per-thread priority on this system", e);
            return null;
        }
    }
}
