package org.embeddingstudio.core.tokenizer;

import org.embeddingstudio.core.io.FileFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every unusable file is a FileFormatException naming the file and the problem, never a native error. */
class MalformedFilesTest {
    private static final String WORDPIECE = """
            {"model": {"type": "WordPiece", "unk_token": "[UNK]", "vocab": VOCAB}, "added_tokens": ADDED}""";
    private static final String GOOD_VOCAB = "{\"[UNK]\": 0, \"a\": 1, \"b\": 2}";
    private static final String BPE = """
            {"model": {"type": "BPE", "vocab": {"a": 0, "b": 1, "ab": 2}, "merges": MERGES}}""";
    private static final String UNIGRAM = """
            {"model": {"type": "Unigram", "unk_id": UNK, "vocab": VOCAB}}""";

    @TempDir
    Path folder;

    static Stream<Arguments> brokenTokenizerJson() {
        return Stream.of(
                Arguments.of("{not json", "not valid JSON"),
                Arguments.of("[]", "JSON object"),
                Arguments.of("{} {}", "not valid JSON"),
                Arguments.of("{\"version\": \"1.0\"}", "no 'model'"),
                Arguments.of("{\"model\": {\"vocab\": {}}}", "model.type is missing"),
                Arguments.of("{\"model\": {\"type\": \"WordLevel\", \"vocab\": {}}}", "'WordLevel' is not supported"),
                Arguments.of(wordPiece("[[\"[UNK]\", 0]]", "[]"), "must be an object"),
                Arguments.of(wordPiece("{\"[UNK]\": 0, \"a\": \"one\"}", "[]"), "ids must be integers"),
                Arguments.of(wordPiece("{\"[UNK]\": 0, \"a\": 1.5}", "[]"), "ids must be integers"),
                Arguments.of(wordPiece("{\"[UNK]\": 0, \"a\": -1}", "[]"), "negative id"),
                Arguments.of(wordPiece("{\"[UNK]\": 0, \"a\": 0}", "[]"), "to both"),
                // Gaps in the ids and added-token ids that differ from Hugging Face's are loaded as Hugging Face loads
                // them: HubVocabularyQuirksTest.
                Arguments.of(wordPiece("{\"[UNK]\": 0, \"a\": 2}", "[{\"id\": 9, \"content\": \"[X]\"}]"),
                        "would get the id 2"),
                Arguments.of(wordPiece("{\"[UNK]\": 0, \"a\": 900000}", "[]"), "the id 900000 but has only 2"),
                Arguments.of(wordPiece("{\"[UNK]\": 0, \"a\": 1, \"a\": 2}", "[]"), "Duplicate field 'a'"),
                Arguments.of(wordPiece("{\"<unk>\": 0, \"a\": 1}", "[]"), "'[UNK]' is not in model.vocab"),
                Arguments.of(wordPiece(GOOD_VOCAB, "{}"), "added_tokens must be a list"),
                Arguments.of(wordPiece(GOOD_VOCAB, "[{\"content\": \"[X]\"}]"), "added_tokens[0] needs a non-negative"),
                Arguments.of(wordPiece(GOOD_VOCAB, "[{\"id\": 3}]"), "added_tokens[0] needs a non-empty string"),
                Arguments.of(BPE.replace("MERGES", "{}"), "model.merges must be a list"),
                Arguments.of(BPE.replace("MERGES", "[\"a\"]"), "model.merges[0] must be"),
                Arguments.of(BPE.replace("MERGES", "[[1, 2]]"), "model.merges[0] must be"),
                Arguments.of(BPE.replace("MERGES", "[\"a c\"]"), "uses 'c'"),
                Arguments.of(BPE.replace("MERGES", "[\"b a\"]"), "makes 'ba'"),
                Arguments.of(UNIGRAM.replace("VOCAB", "{\"a\": 0}").replace("UNK", "null"), "list of [piece, score]"),
                Arguments.of(UNIGRAM.replace("VOCAB", "[[\"a\", \"x\"]]").replace("UNK", "null"), "model.vocab[0]"),
                Arguments.of(UNIGRAM.replace("VOCAB", "[[\"a\", 0.0], [\"a\", -1.0]]").replace("UNK", "0"),
                        "repeats the piece"),
                Arguments.of(UNIGRAM.replace("VOCAB", "[[\"a\", 0.0]]").replace("UNK", "3"), "model.unk_id"),
                // The native library panics, aborting the JVM, on a template naming a token its special_tokens lacks,
                // and reads the fields of a template whatever its type says (found by fuzzing).
                Arguments.of(withPostProcessor(template("TemplateProcessing", "[X]")), "\"[X]\", which post_processor"),
                Arguments.of(withPostProcessor(template("Tempadd_prefix_spaceng", "[UNK]")),
                        "post_processor.type is \"Tempadd_prefix_spaceng\""),
                Arguments.of(withPostProcessor("{\"type\": \"BertProcessing\", \"sep\": [\"[SEP]\", 7], "
                        + "\"cls\": [\"[UNK]\", 0]}"), "post_processor.sep holds the id 7"),
                // Sections we do not check ourselves are checked by the native library, and still name the file.
                Arguments.of(wordPiece(GOOD_VOCAB, "[]").replace("{\"model\"",
                        "{\"normalizer\": {\"type\": \"NoSuchNormalizer\"}, \"model\""),
                        "rejected by the Hugging Face tokenizers library"));
    }

    private static String template(String type, String specialToken) {
        return ("{\"type\": \"TYPE\", \"single\": [{\"SpecialToken\": {\"id\": \"TOKEN\", \"type_id\": 0}}, "
                + "{\"Sequence\": {\"id\": \"A\", \"type_id\": 0}}], \"pair\": [], "
                + "\"special_tokens\": {\"[UNK]\": {\"id\": \"[UNK]\", \"ids\": [0], \"tokens\": [\"[UNK]\"]}}}")
                .replace("TYPE", type).replace("TOKEN", specialToken);
    }

    private static String withPostProcessor(String processor) {
        return wordPiece(GOOD_VOCAB, "[]").replace("{\"model\"", "{\"post_processor\": " + processor + ", \"model\"");
    }

    private static String wordPiece(String vocab, String added) {
        return WORDPIECE.replace("VOCAB", vocab).replace("ADDED", added);
    }

    @ParameterizedTest
    @MethodSource("brokenTokenizerJson")
    void brokenTokenizerJsonIsAFileFormatExceptionNamingTheFile(String content, String problem) throws IOException {
        Path file = SmallTokenizers.write(folder, "tokenizer.json", content);
        assertRejected(file, file, problem);
    }

    @Test
    void repeatedLineInVocabTxtThatMakesASpecialTokenShareAnIdIsRejected() throws IOException {
        Path file = SmallTokenizers.write(folder, "vocab.txt", "[UNK]\na\nb\na\n");
        assertRejected(file, file, "would get the id 3");
    }

    @Test
    void emptyVocabTxtIsRejected() throws IOException {
        Path file = SmallTokenizers.write(folder, "vocab.txt", "");
        assertRejected(file, file, "is empty");
    }

    @Test
    void vocabTxtThatIsNotUtf8IsRejected() throws IOException {
        Path file = Files.write(folder.resolve("vocab.txt"), new byte[] {'[', 'U', 'N', 'K', ']', '\n', (byte) 0xff});
        assertRejected(file, file, "not UTF-8");
    }

    @Test
    void vocabTxtWithoutItsUnknownTokenIsRejected() throws IOException {
        Path file = SmallTokenizers.write(folder, "vocab.txt", "[CLS]\n[SEP]\na\n");
        assertRejected(file, file, "no line '[UNK]'");
    }

    @Test
    void vocabJsonWithoutMergesTxtIsRejected() throws IOException {
        Path file = SmallTokenizers.write(folder, "vocab.json", SmallTokenizers.BPE_VOCAB_JSON);
        assertRejected(file, file, "needs a merges.txt");
    }

    @Test
    void malformedMergesLineIsRejectedWithItsLineNumber() throws IOException {
        Path vocab = SmallTokenizers.writeBpe(folder);
        Path merges = SmallTokenizers.write(folder, "merges.txt", "#version: 0.2\nh e\nl l o\n");
        assertRejected(vocab, merges, "line 3");
    }

    @Test
    void vocabJsonThatIsNotAnObjectIsRejected() throws IOException {
        SmallTokenizers.writeBpe(folder);
        Path vocab = SmallTokenizers.write(folder, "vocab.json", "[\"a\", \"b\"]");
        assertRejected(vocab, vocab, "must be an object");
    }

    @Test
    void brokenTokenizerConfigIsRejectedByName() throws IOException {
        Path vocab = SmallTokenizers.writeBertVocab(folder);
        Path config = SmallTokenizers.write(folder, "tokenizer_config.json", "{\"do_lower_case\": ");
        assertRejected(vocab, config, "not valid JSON");
    }

    @Test
    void specialTokenOfTheWrongTypeInSpecialTokensMapIsRejected() throws IOException {
        Path vocab = SmallTokenizers.writeBertVocab(folder);
        Path map = SmallTokenizers.write(folder, "special_tokens_map.json", "{\"pad_token\": 0}");
        assertRejected(vocab, map, "pad_token must be a string");
    }

    @Test
    void addedTokenThatLeavesAGapAfterTheVocabularyIsRejectedByItsFile() throws IOException {
        Path vocab = SmallTokenizers.writeBertVocab(folder);
        Path added = SmallTokenizers.write(folder, "added_tokens.json", "{\"[NEW]\": 25}");
        assertRejected(vocab, added, "next free id is 19");
    }

    @Test
    void addedTokensDecoderThatReusesAVocabularyIdIsRejected() throws IOException {
        Path vocab = SmallTokenizers.writeBertVocab(folder);
        Path config = SmallTokenizers.write(folder, "tokenizer_config.json",
                "{\"added_tokens_decoder\": {\"5\": {\"content\": \"[NEW]\", \"special\": true}}}");
        assertRejected(vocab, config, "uses for another token");
    }

    @Test
    void folderWithoutTokenizerFilesIsRejected() throws IOException {
        SmallTokenizers.write(folder, "config.json", "{}");
        assertRejected(folder, folder, "holds no tokenizer.json");
    }

    @Test
    void unknownFileKindIsRejected() throws IOException {
        Path file = SmallTokenizers.write(folder, "tokenizer.model", "\u0000\u0001");
        assertRejected(file, file, "is not a tokenizer.json");
    }

    private static void assertRejected(Path loaded, Path blamed, String problem) {
        FileFormatException e = assertThrows(FileFormatException.class, () -> TokenizerLoader.load(loaded).close());
        assertEquals(blamed, e.file());
        assertTrue(e.getMessage().startsWith(blamed.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(problem), () -> "'" + problem + "' not in: " + e.getMessage());
    }
}
