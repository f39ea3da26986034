package org.embeddingstudio.app.ui.fx;

import javafx.util.StringConverter;

import java.util.function.Function;

/** How the items of a choice that cannot be typed into are shown: a converter one way, from item to text. */
public final class ShownAs {
    private ShownAs() {
    }

    /** Shows each item as {@code text} gives it, and nothing for no item. */
    public static <T> StringConverter<T> text(Function<T, String> text) {
        return new StringConverter<>() {
            @Override
            public String toString(T item) {
                return item == null ? "" : text.apply(item);
            }

            @Override
            public T fromString(String shown) {
                throw new UnsupportedOperationException("a choice that cannot be typed into: " + shown);
            }
        };
    }
}
