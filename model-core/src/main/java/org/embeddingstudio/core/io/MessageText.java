package org.embeddingstudio.core.io;

/** Text from a file, made fit for an error message that people read: short, and free of control characters. */
final class MessageText {
    private static final int MAX_LENGTH = 200;

    private MessageText() {
    }

    static String printable(String text) {
        String shown = text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH) + "…" : text;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
