package org.embeddingstudio.core.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RuntimeDefaultsTest {
    private static final String PROPERTY = "embedding-studio.test.property";

    @AfterEach
    void tearDown() {
        System.clearProperty(PROPERTY);
    }

    @Test
    void aValueTheUserSetIsKept() {
        System.setProperty(PROPERTY, "user");
        RuntimeDefaults.setIfAbsent(PROPERTY, "default");
        assertEquals("user", System.getProperty(PROPERTY));
    }

    @Test
    void anUnsetValueGetsTheDefault() {
        RuntimeDefaults.setIfAbsent(PROPERTY, "default");
        assertEquals("default", System.getProperty(PROPERTY));
    }
}
