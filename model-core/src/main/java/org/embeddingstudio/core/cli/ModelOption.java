package org.embeddingstudio.core.cli;

import org.embeddingstudio.core.model.AdapterModel;
import org.embeddingstudio.core.model.DecoderModel;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;

/** {@code --model DIR|ID} and {@code --device}: the model every model-running command opens, on the chosen device. */
final class ModelOption {
    @Option(names = "--model", required = true, paramLabel = "DIR|ID",
            description = "Hugging Face model folder, or a Hub model id (owner/name[@revision]) "
                    + "to fetch or use cached.")
    Path folder;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Mixin
    DeviceOption device = new DeviceOption();

    private Path resolved;

    AdapterModel open() throws IOException {
        return Inputs.model(local(), device.resolve());
    }

    /** The model as a decoder (GPT-2, Llama, Mistral, Qwen2, Gemma). */
    DecoderModel openDecoder() throws IOException {
        return Inputs.decoder(local(), device.resolve());
    }

    /** Whether the model's config names a decoder family, so {@link #openDecoder()} is the way to open it. */
    boolean isDecoder() throws IOException {
        return Inputs.isDecoderFolder(local());
    }

    /** The model folder on this machine: the given folder, or the Hub model fetched (once) or found cached. */
    private Path local() throws IOException {
        if (resolved == null) {
            resolved = HubSources.of(command).model(folder, command.commandLine().getErr());
        }
        return resolved;
    }

    /** The model's tokenizer, which a decoder command needs to read and write text. */
    static Tokenizer tokenizerOf(DecoderModel model) {
        return model.tokenizer().orElseThrow(() -> new InputException(model.source() + ": no tokenizer "
                + "(tokenizer.json, vocab.json or vocab.txt) beside the model, so text cannot be encoded for it"));
    }

    @Override
    public String toString() {
        return String.valueOf(folder);
    }
}
