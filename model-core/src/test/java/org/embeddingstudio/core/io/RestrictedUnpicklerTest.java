package org.embeddingstudio.core.io;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RestrictedUnpicklerTest {
    private static final Path FILE = Path.of("crafted.pt");

    @Test
    void refusesEveryGlobalOutsideTheTorchList() {
        for (String global : List.of("os\nsystem", "builtins\neval", "posix\nsystem", "__builtin__\ngetattr",
                "torch\nload", "torch._utils\n_rebuild_device_tensor_from_numpy", "subprocess\nPopen")) {
            byte[] pickle = pickle(out -> {
                out.write('c');
                out.writeBytes((global + "\n").getBytes(StandardCharsets.UTF_8));
            });
            UnsafePickleException e = assertThrows(UnsafePickleException.class, () -> load(pickle));
            assertEquals(global.replace('\n', '.'), e.global());
            assertTrue(e.getMessage().startsWith(FILE + ": refused to load"), e.getMessage());
        }
    }

    @Test
    void refusesUnsafeGlobalsNamedThroughStackGlobal() {
        byte[] pickle = pickle(out -> {
            shortString(out, "posix");
            shortString(out, "system");
            out.write(0x93);
        });
        UnsafePickleException e = assertThrows(UnsafePickleException.class, () -> load(pickle));
        assertEquals("posix.system", e.global());
    }

    @Test
    void shortensAndCleansAHugeGlobalNameInTheMessage() {
        byte[] pickle = pickle(out -> {
            shortString(out, "os\u001b[2J");
            byte[] name = "x".repeat(100_000).getBytes(StandardCharsets.UTF_8);
            int n = name.length;
            out.writeBytes(new byte[] {'X', (byte) n, (byte) (n >> 8), (byte) (n >> 16), 0});
            out.writeBytes(name);
            out.write(0x93);
        });
        UnsafePickleException e = assertThrows(UnsafePickleException.class, () -> load(pickle));
        assertTrue(e.global().startsWith("os?[2J.xxx"), e.global());
        assertTrue(e.getMessage().length() < 400, e.getMessage());
    }

    @Test
    void namesAnUnsupportedOpcode() {
        byte[] pickle = pickle(out -> out.writeBytes("i os\nsystem\n".getBytes(StandardCharsets.US_ASCII)));
        FileFormatException e = assertThrows(FileFormatException.class, () -> load(pickle));
        assertTrue(e.getMessage().contains("unsupported pickle opcode INST (0x69)"), e.getMessage());
    }

    @Test
    void refusesAStringLongerThanThePickleBeforeAllocatingIt() {
        byte[] pickle = pickle(out -> out.writeBytes(new byte[] {'X', -1, -1, -1, 0x7f}));
        FileFormatException e = assertThrows(FileFormatException.class, () -> load(pickle));
        assertTrue(e.getMessage().contains("a string of 2147483647 bytes"), e.getMessage());
    }

    @Test
    void refusesReadingAMemoSlotThatWasNeverWritten() {
        byte[] pickle = pickle(out -> out.writeBytes(new byte[] {'h', 9}));
        FileFormatException e = assertThrows(FileFormatException.class, () -> load(pickle));
        assertTrue(e.getMessage().contains("memo entry 9 is read before it is written"), e.getMessage());
    }

    @Test
    void refusesAPickleThatEndsWithoutStop() {
        byte[] pickle = {(byte) 0x80, 2, 'N'};
        FileFormatException e = assertThrows(FileFormatException.class, () -> load(pickle));
        assertTrue(e.getMessage().contains("the pickle ends at byte 3"), e.getMessage());
    }

    @Test
    void refusesAnUnhashableDictKey() {
        byte[] pickle = pickle(out -> out.writeBytes(new byte[] {'}', ']', 'N', 's'}));
        FileFormatException e = assertThrows(FileFormatException.class, () -> load(pickle));
        assertTrue(e.getMessage().contains("could not hash"), e.getMessage());
    }

    @Test
    void buildsDictsWithMemoizedValuesAndNegativeLongs() throws FileFormatException {
        byte[] pickle = pickle(out -> {
            out.write('}');
            out.write('(');
            shortString(out, "a");
            out.writeBytes(new byte[] {(byte) 0x8a, 2, (byte) 0xfe, (byte) 0xff}); // LONG1 -2
            out.writeBytes(new byte[] {'q', 0, 'X', 1, 0, 0, 0, 'b', 'h', 0, 'u'});
        });
        Object value = load(pickle);
        LinkedHashMap<?, ?> dict = assertInstanceOf(LinkedHashMap.class, value);
        assertEquals(-2L, dict.get("a"));
        assertEquals(-2L, dict.get("b"));
    }

    private interface Body {
        void write(ByteArrayOutputStream out);
    }

    /** PROTO 2, the body, STOP. */
    private static byte[] pickle(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x80);
        out.write(2);
        body.write(out);
        out.write('.');
        return out.toByteArray();
    }

    private static void shortString(ByteArrayOutputStream out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.write(0x8c);
        out.write(bytes.length);
        out.writeBytes(bytes);
    }

    private static Object load(byte[] pickle) throws FileFormatException {
        return new RestrictedUnpickler(FILE, pickle, new TorchPickleCalls(FILE)).load();
    }
}
