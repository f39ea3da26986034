package org.embeddingstudio.core.cli;

import org.embeddingstudio.core.generation.BitsPerByte;
import org.embeddingstudio.core.model.DecoderModel;
import org.embeddingstudio.core.task.CancellationToken;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** {@code evaluate --text}: how well a decoder model predicts a text, in bits per byte. */
final class TextEvaluation {
    private static final int LONGEST_WINDOW = 1024;

    private final CommandSpec spec;
    private final ModelOption model;
    private final Path text;
    private final Integer window;

    TextEvaluation(CommandSpec spec, ModelOption model, Path text, Integer window) {
        this.spec = spec;
        this.model = model;
        this.text = text;
        this.window = window;
    }

    int run() throws IOException {
        if (window != null && window < 2) {
            throw new ParameterException(spec.commandLine(), "--window must be at least 2 tokens, not " + window);
        }
        String content = read(text);
        try (DecoderModel decoder = model.openDecoder()) {
            Tokenizer tokenizer = ModelOption.tokenizerOf(decoder);
            int context = decoder.config().maxPositionEmbeddings();
            int tokens = window != null ? Math.min(window, context) : Math.min(context, LONGEST_WINDOW);
            BitsPerByte.Result result = BitsPerByte.of(decoder, tokenizer, content, tokens, CancellationToken.none());
            spec.commandLine().getOut().printf(Locale.ROOT, "%s: %.4f bits per byte (%d bytes, %d tokens, "
                            + "%.2f bytes per token; token perplexity %.2f; windows of %d tokens)%n", text,
                    result.bitsPerByte(), result.bytes(), result.tokens(), (double) result.bytes() / result.tokens(),
                    result.tokenPerplexity(), tokens);
        }
        return 0;
    }

    private static String read(Path file) throws IOException {
        Inputs.existing(file);
        byte[] bytes = Files.readAllBytes(file);
        try {
            String content = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            if (content.isBlank()) {
                throw new InputException(file + ": the text is empty");
            }
            return content;
        } catch (CharacterCodingException e) {
            throw new InputException(file + ": not UTF-8 text");
        }
    }
}
