package org.embeddingstudio.core.model;

/**
 * What {@link AdapterModel#trainAdapter} set up: which adapter trains, whether the active embedding trains with it,
 * and which embedding and head were active then.
 */
public record TrainingSetup(String adapter, boolean trainEmbeddings, String embedding, String head) {
}
