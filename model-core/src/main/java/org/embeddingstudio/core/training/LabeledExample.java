package org.embeddingstudio.core.training;

/** One row of a classification dataset: a text, an optional second text, and its label. */
public record LabeledExample(String text, String pair, String label) {
}
