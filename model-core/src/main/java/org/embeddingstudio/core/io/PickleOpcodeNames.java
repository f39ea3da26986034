package org.embeddingstudio.core.io;

import java.util.Map;

/** Names for pickle opcodes we do not run, so an error says which one a file used. */
final class PickleOpcodeNames {
    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry((int) 'i', "INST"), Map.entry((int) 'o', "OBJ"), Map.entry(0x81, "NEWOBJ"),
            Map.entry(0x92, "NEWOBJ_EX"), Map.entry(0x82, "EXT1"), Map.entry(0x83, "EXT2"), Map.entry(0x84, "EXT4"),
            Map.entry((int) 'P', "PERSID"), Map.entry((int) 'I', "INT"), Map.entry((int) 'L', "LONG"),
            Map.entry(0x8b, "LONG4"), Map.entry((int) 'S', "STRING"), Map.entry((int) 'T', "BINSTRING"),
            Map.entry((int) 'U', "SHORT_BINSTRING"), Map.entry((int) 'V', "UNICODE"), Map.entry((int) 'F', "FLOAT"),
            Map.entry((int) 'g', "GET"), Map.entry((int) 'p', "PUT"), Map.entry((int) 'd', "DICT"),
            Map.entry((int) 'l', "LIST"), Map.entry(0x8e, "BINBYTES8"), Map.entry(0x8f, "EMPTY_SET"),
            Map.entry(0x90, "ADDITEMS"), Map.entry(0x91, "FROZENSET"), Map.entry(0x96, "BYTEARRAY8"),
            Map.entry(0x97, "NEXT_BUFFER"), Map.entry(0x98, "READONLY_BUFFER"));

    private PickleOpcodeNames() {
    }

    /** E.g. {@code "INST (0x69)"}, or just the hex code for bytes that are no opcode at all. */
    static String describe(int opcode) {
        String hex = String.format("0x%02x", opcode);
        String name = NAMES.get(opcode);
        return name == null ? hex : name + " (" + hex + ")";
    }
}
