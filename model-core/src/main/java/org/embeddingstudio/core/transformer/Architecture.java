package org.embeddingstudio.core.transformer;

import java.util.Arrays;
import java.util.Optional;

/** The BERT-family architectures this project runs, keyed by the {@code model_type} of a Hugging Face config. */
public enum Architecture {
    BERT("bert", "bert.", "BertAdapterModel"),
    ROBERTA("roberta", "roberta.", "RobertaAdapterModel"),
    XLM_ROBERTA("xlm-roberta", "roberta.", "XLMRobertaAdapterModel");

    private final String modelType;
    private final String parameterPrefix;
    private final String adapterModelClass;

    Architecture(String modelType, String parameterPrefix, String adapterModelClass) {
        this.modelType = modelType;
        this.parameterPrefix = parameterPrefix;
        this.adapterModelClass = adapterModelClass;
    }

    /** The {@code model_type} string of config.json. */
    public String modelType() {
        return modelType;
    }

    /**
     * The class {@code adapters}' {@code AutoAdapterModel} builds for this {@code model_type}: saved as
     * {@code model_class}, it tells adapters which flex head a saved head converts to.
     */
    public String adapterModelClass() {
        return adapterModelClass;
    }

    /** The prefix Hugging Face puts before base-model parameters in task models ("bert.", "roberta."). */
    public String parameterPrefix() {
        return parameterPrefix;
    }

    /**
     * RoBERTa numbers positions from {@code padding_idx + 1} and gives padding the position {@code padding_idx}
     * (transformers' {@code create_position_ids_from_input_ids}); BERT numbers them 0, 1, 2, …
     */
    public boolean positionsFollowPadding() {
        return this != BERT;
    }

    public static Optional<Architecture> ofModelType(String modelType) {
        return Arrays.stream(values()).filter(a -> a.modelType.equals(modelType)).findFirst();
    }
}
