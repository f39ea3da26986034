package org.embeddingstudio.core.training.run;

import org.embeddingstudio.core.training.ClassificationDatasetReader;
import org.embeddingstudio.core.training.TrainingConfig;

import java.nio.file.Path;

/**
 * Everything a run needs, fixed when Start is pressed.
 *
 * @param adapter         the adapter that trains (it exists by then)
 * @param trainEmbeddings whether the active embedding trains with it ({@code train_adapter(name, train_embeddings)})
 * @param objective       masked-LM or classification
 * @param data            the text file or the classification dataset
 * @param columns         which columns hold text, pair and label (classification only)
 * @param config          the hyper-parameters
 * @param checkpoints     the folder checkpoints go into
 */
public record RunRequest(String adapter, boolean trainEmbeddings, Objective objective, Path data,
                         ClassificationDatasetReader.Columns columns, TrainingConfig config, Path checkpoints) {
    /** The classification head a run trains: named after its adapter, as adapters' tutorials do. */
    public String headName() {
        return adapter;
    }
}
