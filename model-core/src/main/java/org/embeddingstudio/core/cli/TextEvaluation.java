package org.embeddingstudio.core.cli;

import org.embeddingstudio.core.generation.BitsPerByte;
import org.embeddingstudio.core.generation.ZeroShotCheck;
import org.embeddingstudio.core.model.DecoderModel;
import org.embeddingstudio.core.model.DecoderSnapshot;
import org.embeddingstudio.core.task.CancellationToken;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** {@code evaluate --text}: how well a decoder model predicts a text, in bits per byte. */
final class TextEvaluation {

    private final CommandSpec spec;
    private final ModelOption model;
    private final Path text;
    private final Integer window;
    private final Path embeddings;

    /** @param embeddings an embeddings folder to compare with "default" (the zero-shot check), or null */
    TextEvaluation(CommandSpec spec, ModelOption model, Path text, Integer window, Path embeddings) {
        this.spec = spec;
        this.model = model;
        this.text = text;
        this.window = window;
        this.embeddings = embeddings;
    }

    int run() throws IOException {
        if (window != null && window < 2) {
            throw new ParameterException(spec.commandLine(), "--window must be at least 2 tokens, not " + window);
        }
        String content = read(text);
        try (DecoderModel decoder = model.openDecoder()) {
            int tokens = ZeroShotCheck.window(decoder, window);
            PrintWriter out = spec.commandLine().getOut();
            if (embeddings != null) {
                Inputs.decoderEmbeddings(decoder, embeddings);
                ZeroShotCheck check = ZeroShotCheck.of(decoder, Inputs.LOADED_EMBEDDING, content, tokens,
                        CancellationToken.none());
                print(out, embeddings.toString(), check.candidate(), tokens);
                print(out, "default", check.reference(), tokens);
                out.printf(Locale.ROOT, "ratio %.3f (bits per byte under %s / under default; 1 is no loss)%n",
                        check.ratio(), embeddings);
            } else {
                try (DecoderSnapshot active = decoder.snapshot(decoder.activeEmbeddings())) {
                    BitsPerByte.Result result = BitsPerByte.of(active, ModelOption.tokenizerOf(decoder), content,
                            tokens, CancellationToken.none());
                    print(out, "default", result, tokens);
                }
            }
        }
        return 0;
    }

    private void print(PrintWriter out, String under, BitsPerByte.Result result, int tokens) {
        out.printf(Locale.ROOT, "%s under %s: %.4f bits per byte (%d bytes, %d tokens, %.2f bytes per token; "
                        + "token perplexity %.2f; windows of %d tokens)%n", text, under, result.bitsPerByte(),
                result.bytes(), result.tokens(), (double) result.bytes() / result.tokens(), result.tokenPerplexity(),
                tokens);
    }

    static String read(Path file) throws IOException {
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
