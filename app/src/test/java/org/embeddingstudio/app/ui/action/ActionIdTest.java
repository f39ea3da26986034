package org.embeddingstudio.app.ui.action;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActionIdTest {
    @Test
    void noTwoActionsShareAShortcut() {
        Map<String, ActionId> taken = new HashMap<>();
        for (ActionId id : ActionId.values()) {
            if (!id.shortcutText().isEmpty()) {
                assertNull(taken.put(id.shortcutText(), id), id + " and " + taken.get(id.shortcutText())
                        + " both use " + id.shortcutText());
            }
        }
    }

    @Test
    void everyActionSaysWhatItDoes() {
        assertTrue(Arrays.stream(ActionId.values()).allMatch(id -> !id.text().isBlank()
                && !id.description().isBlank() && id.icon() != null));
    }
}
