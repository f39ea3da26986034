package org.embeddingstudio.core.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.TokenizersLibrary;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.embeddingstudio.core.io.FileFormatException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A Hugging Face tokenizer: its {@link Vocabulary}, encoding through DJL's native {@link HuggingFaceTokenizer}, and
 * saving in the layout {@code AutoTokenizer.from_pretrained} reads. Create one with {@link TokenizerLoader#load}.
 *
 * <p>The canonical form is always a tokenizer.json document, whatever file it was loaded from; that document is
 * what the native library runs and what {@link #saveTo} writes, so a saved tokenizer encodes exactly as this one.
 *
 * <p>Encoding is thread-safe. Close the tokenizer to free its native memory.
 */
public final class Tokenizer implements AutoCloseable {
    /** Key of the native tokenizer that does not truncate. */
    private static final int NO_TRUNCATION = 0;

    private final String source;
    private final ObjectNode document;
    private final String documentJson;
    private final Vocabulary vocabulary;
    private final JsonNode modelMaxLength;
    private final JsonNode chatTemplate;
    /**
     * DJL fixes truncation and padding when a native tokenizer is created, so there is one per truncation length in
     * use. Padding is done here instead, with the vocabulary's PAD id: a native tokenizer made from a JSON string
     * does not know the PAD token that the config files name.
     */
    private final Map<Integer, HuggingFaceTokenizer> natives = new ConcurrentHashMap<>();
    private volatile boolean closed;

    Tokenizer(Path sourcePath, ObjectNode document, Vocabulary vocabulary, JsonNode modelMaxLength,
              JsonNode chatTemplate)
            throws FileFormatException {
        this.source = sourcePath.toString();
        this.document = document;
        this.vocabulary = vocabulary;
        this.modelMaxLength = modelMaxLength;
        this.chatTemplate = chatTemplate;
        try {
            this.documentJson = TokenizerJson.MAPPER.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new FileFormatException(sourcePath, "cannot be written back as JSON: " + e.getOriginalMessage(), e);
        }
        try {
            natives.put(NO_TRUNCATION, createNative(NO_TRUNCATION));
        } catch (IOException | RuntimeException e) {
            throw new FileFormatException(sourcePath, "was rejected by the Hugging Face tokenizers library: "
                    + e.getMessage(), e);
        }
    }

    private HuggingFaceTokenizer createNative(int truncateTo) throws IOException {
        Map<String, String> options = truncateTo == NO_TRUNCATION
                ? Map.of("padding", "false", "truncation", "false")
                // modelMaxLength too, or DJL silently lowers maxLength to its default of 512.
                : Map.of("padding", "false", "truncation", "true", "maxLength", String.valueOf(truncateTo),
                        "modelMaxLength", String.valueOf(truncateTo));
        try (var json = new ByteArrayInputStream(documentJson.getBytes(StandardCharsets.UTF_8))) {
            return HuggingFaceTokenizer.newInstance(json, options);
        }
    }

    private HuggingFaceTokenizer nativeFor(EncodeOptions options) {
        if (closed) {
            throw new IllegalStateException("the tokenizer " + source + " is closed");
        }
        int key = options.truncation() ? options.maxLength() : NO_TRUNCATION;
        return natives.computeIfAbsent(key, length -> {
            try {
                return createNative(length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The vocabulary: model tokens plus added tokens, with special-token roles. */
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** Where this tokenizer was loaded from (a file or folder path). */
    public String source() {
        return source;
    }

    /** A copy of the canonical tokenizer.json document. */
    public ObjectNode document() {
        return document.deepCopy();
    }

    /** {@code model_max_length} from the tokenizer config, or {@code null} when none was given. */
    JsonNode modelMaxLength() {
        return modelMaxLength;
    }

    /** The PAD token's id, or empty when the tokenizer has no padding token. */
    public OptionalInt padTokenId() {
        return vocabulary.specialTokenId(SpecialTokenRole.PAD);
    }

    /** Encodes one text with special tokens, without truncation or padding. */
    public Encoding encode(String text) {
        return encode(text, EncodeOptions.defaults());
    }

    /** Encodes a text pair (BERT: {@code [CLS] A [SEP] B [SEP]}, type ids 0 then 1). */
    public Encoding encode(String text, String pair) {
        return encode(text, pair, EncodeOptions.defaults());
    }

    /** Encodes one text; {@link EncodeOptions.Padding#MAX_LENGTH} pads it, LONGEST has nothing to pad against. */
    public Encoding encode(String text, EncodeOptions options) {
        Objects.requireNonNull(text, "text");
        Encoding encoding = run(() -> convert(nativeFor(options).encode(text, options.addSpecialTokens(), false)));
        return pad(List.of(encoding), options).getFirst();
    }

    /** Encodes a text pair with {@code options}. */
    public Encoding encode(String text, String pair, EncodeOptions options) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(pair, "pair");
        Encoding encoding = run(() -> convert(nativeFor(options).encode(text, pair, options.addSpecialTokens(),
                false)));
        return pad(List.of(encoding), options).getFirst();
    }

    /** Encodes texts with special tokens, padded to the longest. */
    public List<Encoding> encodeBatch(List<String> texts) {
        return encodeBatch(texts, EncodeOptions.defaults().paddedToLongest());
    }

    /** Encodes texts with {@code options}; padding applies across the batch. */
    public List<Encoding> encodeBatch(List<String> texts, EncodeOptions options) {
        texts.forEach(text -> Objects.requireNonNull(text, "texts must not contain null"));
        List<Encoding> encodings = run(() -> {
            List<Encoding> result = new ArrayList<>(texts.size());
            for (var encoding : nativeFor(options).batchEncode(texts, options.addSpecialTokens(), false)) {
                result.add(convert(encoding));
            }
            return result;
        });
        return pad(encodings, options);
    }

    /**
     * Adds to {@code counts} how often each id occurs when every text is encoded without special tokens or
     * truncation. Same ids as {@link #encodeBatch}, but only the ids cross from the native library: DJL's own
     * batch call also copies every encoding's tokens, offsets and masks, which took most of a corpus count's time.
     *
     * @param counts one slot per id of this tokenizer's vocabulary
     */
    public void countIds(List<String> texts, long[] counts) {
        texts.forEach(text -> Objects.requireNonNull(text, "texts must not contain null"));
        run(() -> {
            HuggingFaceTokenizer tokenizer = nativeFor(EncodeOptions.defaults().withSpecialTokens(false));
            long[] handles = TokenizersLibrary.LIB.batchEncode(tokenizer.getHandle(), texts.toArray(String[]::new),
                    false);
            try {
                for (long handle : handles) {
                    for (long id : TokenizersLibrary.LIB.getTokenIds(handle)) {
                        counts[(int) id]++;
                    }
                }
            } finally {
                for (long handle : handles) {
                    TokenizersLibrary.LIB.deleteEncoding(handle);
                }
            }
            return null;
        });
    }

    /**
     * Turns ids back into text, as Hugging Face's {@code decode}.
     *
     * @param skipSpecialTokens whether to leave out special tokens such as [CLS] and [PAD]
     */
    public String decode(long[] ids, boolean skipSpecialTokens) {
        Objects.requireNonNull(ids, "ids");
        for (long id : ids) {
            if (id < 0 || id >= vocabulary.size()) {
                throw new IllegalArgumentException("id " + id + " is not in [0, " + vocabulary.size() + ")");
            }
        }
        EncodeOptions untruncated = EncodeOptions.defaults();
        return run(() -> nativeFor(untruncated).decode(ids, skipSpecialTokens));
    }

    private static <T> T run(Supplier<T> nativeCall) {
        try {
            return nativeCall.get();
        } catch (IllegalStateException e) {
            throw e;
        } catch (UncheckedIOException e) {
            throw new IllegalStateException("could not create a native tokenizer: " + e.getCause().getMessage(), e);
        } catch (RuntimeException e) {
            // The Rust library reports e.g. a max length shorter than the special tokens as a bare runtime error.
            throw new IllegalArgumentException("the tokenizer could not encode the input: " + e.getMessage(), e);
        }
    }

    // spelt out: DJL's Encoding beside our own
    private static Encoding convert(ai.djl.huggingface.tokenizers.Encoding encoding) {
        return new Encoding(encoding.getIds(), encoding.getTypeIds(), encoding.getAttentionMask(),
                encoding.getTokens());
    }

    private List<Encoding> pad(List<Encoding> encodings, EncodeOptions options) {
        if (options.truncation() && encodings.stream().anyMatch(e -> e.length() > options.maxLength())) {
            // The native library returns the whole encoding when maxLength cannot even hold the special tokens;
            // Hugging Face's Python API raises instead, and a silent overlong encoding would break a batch.
            throw new IllegalArgumentException("maxLength " + options.maxLength()
                    + " is too short for the special tokens this tokenizer adds");
        }
        int target = switch (options.padding()) {
            case NONE -> 0;
            case LONGEST -> encodings.stream().mapToInt(Encoding::length).max().orElse(0);
            case MAX_LENGTH -> options.maxLength();
        };
        if (encodings.stream().allMatch(e -> e.length() >= target)) {
            return encodings;
        }
        String padToken = vocabulary.specialToken(SpecialTokenRole.PAD);
        if (padToken == null) {
            throw new IllegalStateException(source + " has no padding token, so it cannot pad");
        }
        long padId = vocabulary.id(padToken).orElseThrow();
        return encodings.stream().map(e -> EncodingPadding.padRight(e, target, padId, padToken)).toList();
    }

    /**
     * Writes {@code tokenizer.json}, {@code tokenizer_config.json} and {@code special_tokens_map.json} into
     * {@code folder}, each atomically.
     */
    public void saveTo(Path folder) throws IOException {
        HuggingFaceLayoutWriter.write(folder, documentJson, document, vocabulary, modelMaxLength, chatTemplate);
    }

    /**
     * The chat template the tokenizer came with ({@code chat_template.jinja}, or {@code tokenizer_config.json}'s
     * {@code chat_template}) as Jinja text; empty when it has none or only named templates. {@link #saveTo} keeps
     * it either way, so an embedding saved with a chat model's tokenizer still formats conversations.
     */
    public Optional<String> chatTemplate() {
        return chatTemplate != null && chatTemplate.isTextual() ? Optional.of(chatTemplate.asText())
                : Optional.empty();
    }

    /** Frees the native tokenizers. */
    @Override
    public void close() {
        closed = true;
        natives.values().forEach(HuggingFaceTokenizer::close);
        natives.clear();
    }

    @Override
    public String toString() {
        return "Tokenizer[" + source + ", " + vocabulary + "]";
    }
}
