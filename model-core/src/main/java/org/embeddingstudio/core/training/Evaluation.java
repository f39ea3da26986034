package org.embeddingstudio.core.training;

/**
 * The held-out split's metrics after a step.
 *
 * @param step             steps done when evaluated
 * @param loss             mean loss over the held-out examples (masked tokens for masked-LM)
 * @param accuracy         share of correct predictions
 * @param majorityAccuracy the accuracy of always predicting the most frequent label (classification), or NaN:
 *                         a model that learned nothing scores about this
 * @param examples         how many held-out predictions were scored
 */
public record Evaluation(int step, double loss, double accuracy, double majorityAccuracy, int examples) {
}
