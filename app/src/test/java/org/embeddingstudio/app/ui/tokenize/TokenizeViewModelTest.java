package org.embeddingstudio.app.ui.tokenize;

import org.embeddingstudio.app.ui.fx.FontCoverageTest;
import org.embeddingstudio.app.ui.workspace.AddEmbeddingsRequest;
import org.embeddingstudio.app.ui.workspace.TestWorkspace;
import org.embeddingstudio.core.embedding.RowOrigin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenizeViewModelTest {
    @TempDir
    Path temp;
    @RegisterExtension
    final TestWorkspace test = new TestWorkspace(() -> temp);

    @Test
    void everyTokenizerSplitsTheSentenceAndEachTokenSaysWhereItsRowComesFrom() throws Exception {
        // "new": 5 specials, w0…w9 (copied from "default"), x0…x4 (random).
        Path vocab = TestWorkspace.newVocabulary(temp.resolve("vocab.txt"), 10, 5);
        test.workspace.addEmbeddings(new AddEmbeddingsRequest("new", vocab, "default", null, OptionalLong.of(1)));
        TokenizeViewModel tokenize = new TokenizeViewModel(test.workspace);

        tokenize.textProperty().set("w1 x2 w50 x2");

        assertEquals(List.of("default", "new"), tokenize.tokenizations().stream()
                .map(TokenizeViewModel.Tokenization::embedding).toList());
        TokenizeViewModel.Tokenization underDefault = tokenize.tokenizations().get(0);
        assertEquals(List.of("w1", "[UNK]", "w50", "[UNK]"), underDefault.pieces().stream()
                .map(TokenizeViewModel.Piece::token).toList());
        assertTrue(underDefault.pieces().stream().allMatch(p -> p.origin() == RowOrigin.PRETRAINED));
        TokenizeViewModel.Tokenization underNew = tokenize.tokenizations().get(1);
        assertTrue(underNew.active(), "a new embedding is active");
        assertEquals(List.of(new TokenizeViewModel.Piece("w1", "w1", 6, RowOrigin.COPIED),
                new TokenizeViewModel.Piece("x2", "x2", 17, RowOrigin.RANDOM),
                new TokenizeViewModel.Piece("[UNK]", "[UNK]", 1, RowOrigin.COPIED),
                new TokenizeViewModel.Piece("x2", "x2", 17, RowOrigin.RANDOM)), underNew.pieces());
        assertEquals(1.0, underNew.fertility(), 1e-9);
    }

    @Test
    void byteLevelTokensAreShownAsTextWithTheRawTokenKept() throws Exception {
        Path folder = TestWorkspace.byteLevelTokenizer(temp.resolve("byte-level"), "für die Forscher", "für alle");
        test.workspace.addEmbeddings(new AddEmbeddingsRequest("bytes", folder, "default", null, OptionalLong.of(1)));
        TokenizeViewModel tokenize = new TokenizeViewModel(test.workspace);

        tokenize.textProperty().set("für die");

        List<TokenizeViewModel.Piece> pieces = tokenize.tokenizations().get(1).pieces();
        assertEquals("für die", String.join("", pieces.stream().map(TokenizeViewModel.Piece::readable).toList())
                .replace("␣", " "), "read as text, the pieces spell the sentence");
        assertTrue(pieces.stream().anyMatch(p -> p.token().contains("Ã¼")), "the raw tokens are the byte alphabet");
        assertTrue(pieces.stream().anyMatch(p -> p.readable().startsWith("␣")), "the space is shown as ␣");
    }

    @Test
    void textInAScriptNoInstalledFontDrawsSaysWhichFontToInstall() {
        TokenizeViewModel tokenize = new TokenizeViewModel(test.workspace, FontCoverageTest.WITHOUT_SINHALA);
        assertEquals("", tokenize.noteProperty().get());

        tokenize.textProperty().set("ශ්‍රී ලංකාව");

        assertTrue(tokenize.noteProperty().get().contains("Sinhala text shows as boxes"),
                tokenize.noteProperty().get());
    }

    @Test
    void deletingAnEmbeddingRemovesItsLine() throws Exception {
        Path vocab = Files.write(temp.resolve("vocab.txt"), TestWorkspace.vocabulary(20, "w"));
        test.workspace.addEmbeddings(new AddEmbeddingsRequest("new", vocab, "default", null, OptionalLong.of(1)));
        TokenizeViewModel tokenize = new TokenizeViewModel(test.workspace);
        assertEquals(2, tokenize.tokenizations().size());

        test.workspace.delete("new");

        assertEquals(List.of("default"), tokenize.tokenizations().stream()
                .map(TokenizeViewModel.Tokenization::embedding).toList());
    }
}
