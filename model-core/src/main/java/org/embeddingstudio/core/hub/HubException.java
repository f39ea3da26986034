package org.embeddingstudio.core.hub;

import java.io.IOException;

/**
 * A model could not be fetched from the Hub. The subclasses say why, each with a message a user can act on; this
 * class itself covers the rest (a server error, an answer that breaks the Hub's protocol).
 */
public class HubException extends IOException {
    public HubException(String message) {
        super(message);
    }

    public HubException(String message, Throwable cause) {
        super(message, cause);
    }
}
