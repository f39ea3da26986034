package org.embeddingstudio.core.cli;

/** An input the user named that cannot be used; the message says which and why, and is shown as it is. */
final class InputException extends RuntimeException {
    InputException(String message) {
        super(message);
    }
}
