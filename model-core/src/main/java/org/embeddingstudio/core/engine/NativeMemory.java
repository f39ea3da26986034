package org.embeddingstudio.core.engine;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps glibc from handing large freed blocks back to the operating system.
 *
 * <p>Why: PyTorch frees and re-allocates the same large buffers (activations, gradients, logits) every training
 * step. With glibc's defaults, blocks above the mmap threshold are unmapped on free and mapped anew on the next
 * allocation, and every fresh page is zero-filled by the kernel on first touch (about 0.6 GB/s on our VMs). Keeping
 * freed memory in the heap turns that into plain reuse: measured with PyTorch on the same VM, 453 tokens/s with the
 * defaults, 1187 with freed memory kept.
 *
 * <p>Under tcmalloc ({@link NativeAllocator}, the launchers' choice where it is installed) none of this applies.
 *
 * <p>Call {@link #keepFreedMemory()} once, before the PyTorch engine loads. It is a no-op (with a logged reason)
 * where the C library is not glibc. The {@code MALLOC_*} environment variables and {@code GLIBC_TUNABLES} still
 * work as usual; {@link #describe()} reports both.
 *
 * <p>What in-process settings cannot do: Java threads allocate from glibc's secondary arenas, whose heaps are at most
 * 64 MiB, so a larger block (say 8 × 128 × 30 522 logits, 125 MB) is mmapped, and unmapped on free, whatever
 * {@code mallopt} says (measured: one fresh page per 4 KiB on every allocation). Only the launch environment reaches
 * those: {@code MALLOC_ARENA_MAX=1} (one arena, the main heap, which can hold any size) or
 * {@code GLIBC_TUNABLES=glibc.malloc.hugetlb=1} (fresh pages come as 2 MiB huge pages). {@link #describe()} says so
 * when neither is set.
 */
public final class NativeMemory {
    // mallopt parameters from glibc's malloc.h.
    static final int M_TRIM_THRESHOLD = -1;
    static final int M_TOP_PAD = -2;
    static final int M_MMAP_THRESHOLD = -3;
    static final int M_MMAP_MAX = -4;
    static final int M_ARENA_MAX = -8;

    /** glibc's upper bound for the mmap threshold on 64-bit (4 MiB × sizeof(long)); larger values are refused. */
    public static final int MAX_MMAP_THRESHOLD = 32 << 20;

    /**
     * What {@link #keepFreedMemory(Settings)} asks of glibc.
     *
     * @param mmapThreshold blocks at least this large are mmapped (and unmapped on free)
     * @param trimThreshold free memory at the top of the heap above this is returned to the OS
     * @param topPad        extra bytes asked of the OS whenever the heap grows, so growth happens less often
     * @param mmapMax       how many blocks may be mmapped at once; 0 keeps every block in the heap
     * @param arenaMax      number of malloc arenas, 0 for glibc's default (8 × cores); effective only before the
     *                      first secondary arena exists, so useful to a launcher, not to the running app
     */
    public record Settings(int mmapThreshold, int trimThreshold, int topPad, int mmapMax, int arenaMax) {
        /**
         * The settings the app uses: blocks up to a thread arena's size stay in the heap (never mmapped), and freed
         * memory is never trimmed. The arena count is left alone: glibc fixes it when the first secondary arena is
         * made, which the JVM's own threads do long before {@code main}, so setting it here has no effect.
         */
        public static Settings keepAll() {
            return new Settings(MAX_MMAP_THRESHOLD, Integer.MAX_VALUE, 64 << 20, 0, 0);
        }

        /** Only raise the thresholds (the env-variable recipe): blocks above 32 MiB are still mmapped. */
        public static Settings thresholdsOnly() {
            return new Settings(MAX_MMAP_THRESHOLD, Integer.MAX_VALUE, 64 << 20, -1, 0);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(NativeMemory.class);
    private static final CLibrary LIBC = glibc();
    private static volatile String applied = "not applied (glibc defaults unless the environment sets them)";

    private NativeMemory() {
    }

    interface CLibrary extends Library {
        int mallopt(int param, int value);

        String gnu_get_libc_version();

        int madvise(Pointer address, long length, int advice);
    }

    private static final int MADV_HUGEPAGE = 14;
    private static final long HUGE_PAGE = 2L << 20;

    /**
     * Asks the kernel to back the untouched {@code direct} buffer with transparent huge pages (where THP is in
     * "madvise" mode, as on our VMs). Why: first touch of fresh memory costs a page fault per 4 KiB page; with 2 MiB
     * pages a large tensor is faulted in several times faster. Best effort: returns false where unsupported.
     */
    public static boolean adviseHugePages(ByteBuffer direct) {
        CLibrary libc = LIBC;
        if (libc == null || !direct.isDirect() || direct.capacity() < 2 * HUGE_PAGE) {
            return false;
        }
        long start = Pointer.nativeValue(Native.getDirectBufferPointer(direct));
        long alignedStart = (start + HUGE_PAGE - 1) & -HUGE_PAGE;
        long alignedEnd = (start + direct.capacity()) & -HUGE_PAGE;
        if (alignedEnd <= alignedStart) {
            return false;
        }
        return libc.madvise(new Pointer(alignedStart), alignedEnd - alignedStart, MADV_HUGEPAGE) == 0;
    }

    /** Applies {@link Settings#keepAll()}. */
    public static boolean keepFreedMemory() {
        return keepFreedMemory(Settings.keepAll());
    }

    /**
     * Applies {@code settings} through {@code mallopt}; negative fields are left at glibc's value.
     *
     * @return whether the settings were applied (false on a C library other than glibc, or if glibc refused one)
     */
    public static synchronized boolean keepFreedMemory(Settings settings) {
        if (NativeAllocator.usingTcmalloc()) {
            applied = "not needed: tcmalloc allocates (glibc's malloc settings do not reach it)";
            LOG.debug("native memory settings {}", applied);
            return true;
        }
        CLibrary libc = LIBC;
        if (libc == null) {
            applied = "not applied: " + System.getProperty("os.name") + " without glibc (no mallopt)";
            LOG.info("native memory settings {}", applied);
            return false;
        }
        List<String> refused = new ArrayList<>();
        set(libc, M_MMAP_THRESHOLD, settings.mmapThreshold(), "M_MMAP_THRESHOLD", refused);
        set(libc, M_TRIM_THRESHOLD, settings.trimThreshold(), "M_TRIM_THRESHOLD", refused);
        set(libc, M_TOP_PAD, settings.topPad(), "M_TOP_PAD", refused);
        set(libc, M_MMAP_MAX, settings.mmapMax(), "M_MMAP_MAX", refused);
        if (settings.arenaMax() > 0) {
            set(libc, M_ARENA_MAX, settings.arenaMax(), "M_ARENA_MAX", refused);
        }
        applied = "mallopt(glibc " + libc.gnu_get_libc_version() + ") " + format(settings)
                + (refused.isEmpty() ? "" : ", refused: " + refused);
        if (!refused.isEmpty()) {
            LOG.warn("glibc refused {}", refused);
        }
        return refused.isEmpty();
    }

    /** The settings in force, as one line: what was applied in-process and what the environment sets. */
    public static String describe() {
        return describe(System.getenv());
    }

    static String describe(Map<String, String> environment) {
        Map<String, String> variables = new TreeMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith("MALLOC_") || name.equals("GLIBC_TUNABLES")) {
                variables.put(name, value);
            }
        });
        String limit = variables.containsKey("MALLOC_ARENA_MAX") || variables.containsKey("GLIBC_TUNABLES")
                || applied.startsWith("not needed") ? ""
                : " (blocks over 64 MiB are still mmapped on every allocation: set MALLOC_ARENA_MAX=1 or "
                + "GLIBC_TUNABLES=glibc.malloc.hugetlb=1 at launch to keep or speed those)";
        return "native memory: " + NativeAllocator.inUse() + "; " + applied + "; environment: "
                + (variables.isEmpty() ? "none" : variables) + limit;
    }

    static String format(Settings settings) {
        return String.format(Locale.ROOT, "mmap_threshold=%s trim_threshold=%s top_pad=%s mmap_max=%s arena_max=%s",
                bytes(settings.mmapThreshold()), bytes(settings.trimThreshold()), bytes(settings.topPad()),
                settings.mmapMax() < 0 ? "default" : settings.mmapMax(),
                settings.arenaMax() <= 0 ? "default" : settings.arenaMax());
    }

    private static String bytes(int value) {
        if (value < 0) {
            return "default";
        }
        if (value == Integer.MAX_VALUE) {
            return "never";
        }
        return value % (1 << 20) == 0 ? (value >> 20) + "MiB" : value + "B";
    }

    private static void set(CLibrary libc, int parameter, int value, String name, List<String> refused) {
        if (value >= 0 && libc.mallopt(parameter, value) != 1) {
            refused.add(name + "=" + value);
        }
    }

    private static CLibrary glibc() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return null;
        }
        try {
            CLibrary libc = Native.load("c", CLibrary.class);
            libc.gnu_get_libc_version(); // musl has no such function: UnsatisfiedLinkError
            return libc;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            LOG.debug("no glibc", e);
            return null;
        }
    }
}
