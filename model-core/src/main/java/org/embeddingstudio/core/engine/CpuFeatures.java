package org.embeddingstudio.core.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/** What the CPU can do that decides whether a setting pays off; read from Linux's {@code /proc/cpuinfo}. */
public final class CpuFeatures {
    private static final Path CPU_INFO = Path.of("/proc/cpuinfo");
    private static final Pattern BF16_FLAG = Pattern.compile("(?m)^flags\\s*:.*\\b(avx512_bf16|amx_bf16)\\b");

    private CpuFeatures() {
    }

    /**
     * Whether this CPU multiplies bfloat16 in hardware (AVX-512 BF16 or AMX), which is what makes bf16 products
     * faster than float32 ones on a CPU; empty where the system does not say (not Linux).
     */
    public static Optional<Boolean> bf16Instructions() {
        return Read.BF16_INSTRUCTIONS;
    }

    /** Read once: the Training panel asks on the FX thread whenever the precision changes. */
    private static final class Read {
        static final Optional<Boolean> BF16_INSTRUCTIONS = readBf16Instructions();

        private static Optional<Boolean> readBf16Instructions() {
            try {
                return Files.isReadable(CPU_INFO) ? Optional.of(bf16Instructions(Files.readString(CPU_INFO)))
                        : Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            }
        }
    }

    static boolean bf16Instructions(String cpuInfo) {
        return BF16_FLAG.matcher(cpuInfo).find();
    }

    /** A warning for choosing bf16 on a CPU that would run it slower than float32; empty when it is not so. */
    public static Optional<String> bf16Warning() {
        return bf16Instructions().filter(has -> !has).map(has -> "This CPU has no bfloat16 instructions (AVX-512 "
                + "BF16 or AMX): on it, bf16 products are slower than fp32 ones.");
    }
}
