package org.embeddingstudio.core.head;

import org.embeddingstudio.core.transformer.MaskedLmHead;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The model's prediction heads, one of them active, as {@code adapters}' flexible heads: the masked-LM head
 * (always there — the checkpoint's own, or a fresh one tied to the active embedding) and any number of named
 * classification heads.
 */
public final class HeadRegistry implements AutoCloseable {
    /** The name of the masked-LM head. */
    public static final String MASKED_LM = "masked_lm";

    private final Supplier<MaskedLmHead> freshMaskedLm;
    private MaskedLmHead maskedLm;
    private boolean maskedLmIsFresh;
    private final Map<String, ClassificationHead> classification = new LinkedHashMap<>();
    private String active = MASKED_LM;

    /**
     * @param maskedLm      the checkpoint's masked-LM head, or null
     * @param freshMaskedLm makes a new one when the checkpoint had none and one is first needed
     */
    public HeadRegistry(MaskedLmHead maskedLm, Supplier<MaskedLmHead> freshMaskedLm) {
        this.maskedLm = maskedLm;
        this.freshMaskedLm = freshMaskedLm;
    }

    /** The masked-LM head, created fresh on first use if the model came without one. */
    public MaskedLmHead maskedLm() {
        if (maskedLm == null) {
            maskedLm = freshMaskedLm.get();
            maskedLmIsFresh = true;
        }
        return maskedLm;
    }

    /** True when the masked-LM head was not read with the model (its predictions mean nothing until trained). */
    public boolean maskedLmIsFresh() {
        return maskedLmIsFresh;
    }

    /** Puts a loaded masked-LM head in place of the current one, which is freed. */
    public void replaceMaskedLm(MaskedLmHead head) {
        replaceMaskedLm(head, false);
    }

    /**
     * Puts a masked-LM head in place of the current one, which is freed; {@code fresh} says whether it is one made
     * here rather than read with a model (a workspace reopening keeps that as it was).
     */
    public void replaceMaskedLm(MaskedLmHead head, boolean fresh) {
        if (maskedLm != null) {
            maskedLm.close();
        }
        maskedLm = head;
        maskedLmIsFresh = fresh;
    }

    /** Whether the masked-LM head exists yet: read with the model, loaded, or made on first use. */
    public boolean hasMaskedLm() {
        return maskedLm != null;
    }

    public void addClassification(ClassificationHead head) {
        if (MASKED_LM.equals(head.name()) || classification.containsKey(head.name())) {
            head.close();
            throw new IllegalArgumentException("a head named '" + head.name() + "' already exists");
        }
        classification.put(head.name(), head);
    }

    public Optional<ClassificationHead> classification(String name) {
        return Optional.ofNullable(classification.get(name));
    }

    public void delete(String name) {
        ClassificationHead head = classification.remove(name);
        if (head == null) {
            throw new IllegalArgumentException(MASKED_LM.equals(name) ? "the masked-LM head cannot be deleted"
                    : "no head named '" + name + "'");
        }
        if (name.equals(active)) {
            active = MASKED_LM;
        }
        head.close();
    }

    /** Names of all heads, the masked-LM head first. */
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        names.add(MASKED_LM);
        names.addAll(classification.keySet());
        return Collections.unmodifiableSet(names);
    }

    public void activate(String name) {
        if (!MASKED_LM.equals(name) && !classification.containsKey(name)) {
            throw new IllegalArgumentException("no head named '" + name + "'; heads: " + names());
        }
        active = name;
    }

    public String activeName() {
        return active;
    }

    /** The active classification head, or empty when the masked-LM head is active. */
    public Optional<ClassificationHead> activeClassification() {
        return Optional.ofNullable(classification.get(active));
    }

    @Override
    public void close() {
        classification.values().forEach(ClassificationHead::close);
        classification.clear();
        if (maskedLm != null) {
            maskedLm.close();
        }
    }
}
