package org.embeddingstudio.app.ui.tokenize;

import org.embeddingstudio.app.ui.fx.ImmediateTaskRunner;
import org.embeddingstudio.app.ui.workspace.EventLog;
import org.embeddingstudio.app.ui.workspace.Notifier;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.tokenizer.TokenizerLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainTokenizerViewModelTest {
    @TempDir
    Path temp;
    final List<String> errors = new ArrayList<>();
    final List<String> infos = new ArrayList<>();
    final Notifier notifier = new Notifier() {
        @Override
        public void error(String title, Throwable error) {
            errors.add(title + ": " + error.getMessage());
        }

        @Override
        public void info(String message) {
            infos.add(message);
        }
    };

    @Test
    void trainsAVocabularyOnACorpusAndSavesATokenizerThatLoads() throws Exception {
        Path corpus = Files.writeString(temp.resolve("de.txt"), """
                Die Forscher trainieren neue Einbettungen für ihre Sprache.
                Die Sprache hat viele Wörter, und die Wörter haben viele Teile.

                Neue Wörter brauchen neue Einbettungen.
                """);
        TrainTokenizerViewModel dialog = new TrainTokenizerViewModel(new ImmediateTaskRunner(), notifier);
        dialog.corpusProperty().set(corpus);
        dialog.outputProperty().set(temp.resolve("tok-de"));
        dialog.sizeProperty().set("120");
        assertTrue(dialog.canConfirmBinding().get());
        List<Path> saved = new ArrayList<>();

        dialog.confirm(saved::add);

        assertEquals(List.of(temp.resolve("tok-de")), saved);
        assertEquals(List.of(), errors);
        try (Tokenizer tokenizer = TokenizerLoader.load(temp.resolve("tok-de"))) {
            assertTrue(tokenizer.vocabulary().size() <= 120, "size " + tokenizer.vocabulary().size());
            assertTrue(tokenizer.vocabulary().id("[MASK]").isPresent());
            assertTrue(tokenizer.vocabulary().id("die").isPresent(), "lower-cased by default");
            assertFalse(List.of(tokenizer.encode("neue wörter").tokens()).contains("[UNK]"));
        }
        assertTrue(infos.get(0).startsWith("Trained "), infos.toString());
    }

    @Test
    void trainsAByteLevelBpeThatKnowsEveryByte() throws Exception {
        Path corpus = Files.writeString(temp.resolve("de.txt"), "Die Forscher trainieren neue Einbettungen.\n"
                + "Neue Wörter brauchen neue Einbettungen.\n");
        TrainTokenizerViewModel dialog = new TrainTokenizerViewModel(new ImmediateTaskRunner(), notifier);
        dialog.corpusProperty().set(corpus);
        dialog.outputProperty().set(temp.resolve("bpe-de"));
        dialog.typeProperty().set(TrainTokenizerViewModel.Type.BYTE_LEVEL_BPE);
        dialog.sizeProperty().set("200");
        assertEquals("Between 261 and 1,000,000 tokens", dialog.sizeErrorProperty().get(),
                "5 specials and 256 byte symbols at least");
        dialog.sizeProperty().set("300");

        dialog.confirm(folder -> { });

        assertEquals(List.of(), errors);
        try (Tokenizer tokenizer = TokenizerLoader.load(temp.resolve("bpe-de"))) {
            assertTrue(tokenizer.vocabulary().id("<mask>").isPresent());
            assertFalse(List.of(tokenizer.encode("Größe ✓").tokens()).contains("<unk>"), "bytes cover any text");
        }
    }

    @Test
    void aCorpusThatIsNotUtf8IsRefusedNamingTheFile() throws Exception {
        Path corpus = Files.write(temp.resolve("latin1.txt"), new byte[] {'W', (byte) 0xF6, 'r', 't', '\n'});
        // The failure takes the runner's route, as in the app: the Event Log, then the notifier.
        TrainTokenizerViewModel dialog = new TrainTokenizerViewModel(new ImmediateTaskRunner(new EventLog(notifier)),
                notifier);
        dialog.corpusProperty().set(corpus);
        dialog.outputProperty().set(temp.resolve("out"));
        List<Path> saved = new ArrayList<>();

        dialog.confirm(saved::add);

        assertEquals(List.of(), saved);
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).contains(corpus.toString()) && errors.get(0).contains("not UTF-8"), errors.get(0));
        assertFalse(Files.exists(temp.resolve("out")), "nothing written");
    }

    @Test
    void theSizeIsValidatedAsTheUserTypes() {
        TrainTokenizerViewModel dialog = new TrainTokenizerViewModel(new ImmediateTaskRunner(), notifier);
        dialog.corpusProperty().set(temp.resolve("c.txt"));
        dialog.outputProperty().set(temp.resolve("out"));
        dialog.sizeProperty().set("ten");
        assertEquals("A whole number of tokens", dialog.sizeErrorProperty().get());
        assertFalse(dialog.canConfirmBinding().get());
        dialog.sizeProperty().set("50");
        assertEquals("Between 100 and 1,000,000 tokens", dialog.sizeErrorProperty().get());
        dialog.sizeProperty().set("30,000");
        assertEquals("", dialog.sizeErrorProperty().get());
        assertTrue(dialog.canConfirmBinding().get());
    }
}
