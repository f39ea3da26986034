package org.embeddingstudio.core.cli;

import java.util.Arrays;

/** Parses {@code --ids}: sequences separated by ';', ids within one by ',' ({@code "101,2023,102;101,102"}). */
final class TokenIdList {
    private TokenIdList() {
    }

    static long[][] parse(String text) {
        String[] sequences = text.split(";", -1);
        long[][] ids = new long[sequences.length][];
        for (int s = 0; s < sequences.length; s++) {
            String sequence = sequences[s].strip();
            if (sequence.isEmpty()) {
                throw new InputException("--ids: sequence " + (s + 1) + " is empty in \"" + text + "\"");
            }
            ids[s] = Arrays.stream(sequence.split(",", -1)).mapToLong(id -> parseId(id.strip(), text)).toArray();
        }
        return ids;
    }

    private static long parseId(String id, String text) {
        try {
            long value = Long.parseLong(id);
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new InputException("--ids: '" + id + "' is not a token id (a non-negative integer) in \"" + text
                    + "\"");
        }
    }

    /** Checks that every id has a row in an embedding of {@code rows} rows. */
    static void checkRange(long[][] ids, int rows, String embedding) {
        for (long[] sequence : ids) {
            for (long id : sequence) {
                if (id >= rows) {
                    throw new InputException("--ids: id " + id + " is outside the embedding '" + embedding
                            + "', which has ids 0.." + (rows - 1));
                }
            }
        }
    }
}
