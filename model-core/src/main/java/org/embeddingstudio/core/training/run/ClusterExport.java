package org.embeddingstudio.core.training.run;

import org.embeddingstudio.core.io.AtomicFiles;
import org.embeddingstudio.core.model.AdapterModel;
import org.embeddingstudio.core.tokenizer.Tokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a run as a folder the standard distributed stack trains: the embedding in {@code adapters}' layout
 * ({@code embedding/embedding.pt} + {@code embedding/tokenizer/}), the adapter ({@code adapter/}), the data
 * ({@code data/}), a {@code train.py} that uses {@code adapters}' {@code AdapterTrainer} with
 * {@code train_adapter(name, train_embeddings=…)} and the run's hyper-parameters, an {@code accelerate} config for
 * multi-GPU / multi-node launch, and a README with the command lines. The script writes its results into
 * {@code output/embedding} and {@code output/adapter}, which the app's Training window imports back. The script is
 * {@link ClusterScript}'s template, filled with the run's settings.
 */
public final class ClusterExport {
    public static final String EMBEDDING = "embedding";
    public static final String ADAPTER = "adapter";
    public static final String DATA = "data";
    public static final String SCRIPT = "train.py";
    public static final String ACCELERATE = "accelerate_config.yaml";
    public static final String OUTPUT = "output";

    private ClusterExport() {
    }

    /** Writes the folder (files replaced atomically); the model's embedding and adapter are saved as they are now. */
    public static void write(Path folder, AdapterModel model, String embedding, RunRequest request) throws IOException {
        Tokenizer tokenizer = model.tokenizerOf(embedding).orElseThrow(() ->
                new IllegalArgumentException("the embedding '" + embedding + "' has no tokenizer to export"));
        Files.createDirectories(folder);
        model.saveEmbeddings(folder.resolve(EMBEDDING), embedding, tokenizer);
        // With the head the run trains: the classification head, or the masked-LM head the app trains (the model's
        // own, or the one drawn for it) — the script must not train a fresh one in its place.
        model.saveAdapter(folder.resolve(ADAPTER), request.adapter(), true);
        Path data = folder.resolve(DATA).resolve(request.data().getFileName().toString());
        Files.createDirectories(data.getParent());
        AtomicFiles.write(data, temporary -> Files.copy(request.data(), temporary,
                StandardCopyOption.REPLACE_EXISTING));
        AtomicFiles.writeString(folder.resolve(SCRIPT), ClusterScript.of(model.source(), embedding, request));
        AtomicFiles.writeString(folder.resolve(ACCELERATE), ACCELERATE_CONFIG);
        AtomicFiles.writeString(folder.resolve("README.md"), readme(model.source(), embedding, request));
    }

    /** The {@code accelerate} launch configuration, for every export alike. */
    public static final String ACCELERATE_CONFIG = """
            # accelerate config for `accelerate launch --config_file accelerate_config.yaml train.py`.
            # One machine with every GPU: set num_processes to the number of GPUs. Several machines: set num_machines,
            # and on each machine machine_rank (0, 1, …) and main_process_ip (the rank-0 machine), or pass them as
            # --num_machines/--machine_rank/--main_process_ip on the command line (see README.md).
            compute_environment: LOCAL_MACHINE
            distributed_type: MULTI_GPU
            num_machines: 1
            machine_rank: 0
            main_process_ip: null
            main_process_port: 29500
            num_processes: 1
            gpu_ids: all
            mixed_precision: 'no'
            rdzv_backend: static
            same_network: true
            use_cpu: false
            """;

    /** The README with the command lines for {@code request}. */
    public static String readme(String baseModel, String embedding, RunRequest request) {
        return """
                # Training run for a cluster

                Exported by Embedding Studio: adapter `%s` trains with the embedding `%s` (%s, train_embeddings=%s)
                with the hyper-parameters of the run in the app (`train.py` lists them at the top).

                | path | what it is |
                |---|---|
                | `embedding/` | the embedding in adapters' layout: `embedding.pt` and `tokenizer/` |
                | `adapter/` | the adapter as it was when exported (adapters' `save_adapter` layout) |
                | `data/` | the data; `train.py` holds out the same share (%s) with the same seed (%d) |
                | `train.py` | adapters' `AdapterTrainer` with `train_adapter(name, train_embeddings=...)` |
                | `accelerate_config.yaml` | multi-GPU / multi-node launch |

                ## Set up (once per machine)

                    pip install adapters accelerate datasets

                The base model is `%s`; pass another id or folder with `--base-model` (the embedding was made for
                that model's hidden size).

                ## Run

                One GPU or the CPU:

                    python train.py --base-model MODEL

                Every GPU of one machine (set `num_processes` in the config to the GPU count):

                    accelerate launch --config_file accelerate_config.yaml train.py --base-model MODEL

                Two machines with 8 GPUs each (run on both; rank 0 on the first):

                    accelerate launch --config_file accelerate_config.yaml --num_machines 2 --num_processes 16 \\
                        --machine_rank 0 --main_process_ip HOST0 train.py --base-model MODEL
                    accelerate launch --config_file accelerate_config.yaml --num_machines 2 --num_processes 16 \\
                        --machine_rank 1 --main_process_ip HOST0 train.py --base-model MODEL

                ## Results

                `output/embedding` (`save_embeddings`, with the tokenizer) and `output/adapter` (`save_adapter`).
                In Embedding Studio: Training → Import results… and choose this folder, then look at the drift and
                compare the embeddings.
                """.formatted(request.adapter(), embedding, request.objective() == Objective.CLASSIFICATION
                        ? "sequence classification" : "masked-LM", request.trainEmbeddings() ? "True" : "False",
                request.config().evalSplit(), request.config().seed(), baseModel);
    }
}
