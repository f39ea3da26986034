package org.embeddingstudio.app.ui.fx;

import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;

/**
 * Which scripts of a text no installed font draws — JavaFX shows their letters as empty boxes, which reads as broken
 * data — and which font to install. Asked once per script (the fonts are read on first use).
 *
 * <p>Why not bundle the fonts: the scripts of the world's tokenizers need hundreds of megabytes of fonts, and the
 * desktop's own fonts are what the rest of the user's programs show; saying what to install keeps the installer
 * small and the answer honest.
 */
public final class FontCoverage {
    private final IntPredicate drawable;
    private final Map<Character.UnicodeScript, Boolean> drawableScripts = new ConcurrentHashMap<>();

    /** @param drawable whether some installed font draws a code point */
    public FontCoverage(IntPredicate drawable) {
        this.drawable = drawable;
    }

    /** The fonts of this desktop (through AWT's view of them, which reads the same fontconfig on Linux). */
    public static FontCoverage ofThisDesktop() {
        return new FontCoverage(codePoint -> Arrays.stream(InstalledFonts.ALL)
                .anyMatch(font -> font.canDisplay(codePoint)));
    }

    /** Read when first asked (class initialisation is lazy and thread-safe), then kept. */
    private static final class InstalledFonts {
        static final Font[] ALL = GraphicsEnvironment.getLocalGraphicsEnvironment().getAllFonts();
    }

    /** The scripts of {@code text}'s letters that no installed font draws, in Unicode's order. */
    public Set<Character.UnicodeScript> missingIn(String text) {
        return missingIn(text, 0);
    }

    /**
     * As {@link #missingIn(String)}, counting only scripts that hold at least {@code minShare} of the letters: a
     * vocabulary's own language, not the odd Thaana or Tibetan character every large vocabulary carries.
     */
    public Set<Character.UnicodeScript> missingIn(String text, double minShare) {
        Map<Character.UnicodeScript, Integer> letters = new EnumMap<>(Character.UnicodeScript.class);
        Map<Character.UnicodeScript, Integer> sample = new EnumMap<>(Character.UnicodeScript.class);
        int[] total = {0};
        text.codePoints().filter(Character::isLetter).forEach(codePoint -> {
            Character.UnicodeScript script = Character.UnicodeScript.of(codePoint);
            total[0]++;
            letters.merge(script, 1, Integer::sum);
            sample.putIfAbsent(script, codePoint);
        });
        Set<Character.UnicodeScript> missing = EnumSet.noneOf(Character.UnicodeScript.class);
        letters.forEach((script, count) -> {
            // Latin is never asked: JavaFX itself needs a Latin font, and asking would read the whole font list
            // (on the FX thread, for Tokenize's first sentence) in every session that never sees another script.
            if (script != Character.UnicodeScript.COMMON && script != Character.UnicodeScript.INHERITED
                    && script != Character.UnicodeScript.LATIN && count >= minShare * total[0]
                    && !drawableScripts.computeIfAbsent(script, s -> drawable.test(sample.get(script)))) {
                missing.add(script);
            }
        });
        return missing;
    }

    /** What to tell the user about {@code text}: which scripts show as boxes and what to install; "" when none. */
    public String adviceFor(String text) {
        return adviceFor(text, 0);
    }

    /** {@link #adviceFor(String)} for the scripts holding at least {@code minShare} of the letters. */
    public String adviceFor(String text, double minShare) {
        Set<Character.UnicodeScript> missing = missingIn(text, minShare);
        if (missing.isEmpty()) {
            return "";
        }
        String names = missing.stream().map(FontCoverage::name).collect(Collectors.joining(", "));
        String fonts = missing.stream().map(script -> "Noto Sans " + name(script)).collect(Collectors.joining(", "));
        return names + " text shows as boxes: no installed font has its letters. Install " + fonts
                + " (Debian/Ubuntu: the fonts-noto-core package; Fedora: google-noto-sans-*-fonts) and restart.";
    }

    private static String name(Character.UnicodeScript script) {
        String lower = script.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    }
}
