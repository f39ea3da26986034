package org.embeddingstudio.core.embedding;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The model's named embeddings, exactly one of them active, as {@code adapters}' {@code loaded_embeddings} and
 * {@code active_embeddings}. "default" is the model's own embedding: it always exists and can never be deleted or
 * renamed. Every change is announced to the listeners after it has happened; a rejected call changes nothing.
 *
 * <p>Not thread-safe: the model serialises access to it.
 */
public final class EmbeddingRegistry implements AutoCloseable {
    /** The name of the model's own embedding. */
    public static final String DEFAULT = "default";

    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]{0,63}");

    private final Map<String, TokenEmbedding> embeddings = new LinkedHashMap<>();
    private final List<EmbeddingListener> listeners = new CopyOnWriteArrayList<>();
    private String active = DEFAULT;

    public EmbeddingRegistry(TokenEmbedding defaultEmbedding) {
        embeddings.put(DEFAULT, defaultEmbedding);
    }

    /**
     * Checks that a name can be used for a new embedding: safe as an identifier and as a folder name (letters,
     * digits, '_', '.', '-'; starting with a letter or digit; at most 64 characters) and not taken.
     */
    public void checkNewName(String name) {
        if (name == null || !SAFE_NAME.matcher(name).matches() || name.equals(".") || name.contains("..")) {
            throw new IllegalArgumentException("'" + name + "' is not a valid embedding name: use letters, digits, "
                    + "'_', '.' or '-', starting with a letter or digit, at most 64 characters");
        }
        if (embeddings.containsKey(name)) {
            throw new IllegalArgumentException("an embedding named '" + name + "' already exists");
        }
    }

    /** Registers a new embedding (not active yet). */
    public void add(String name, TokenEmbedding embedding, boolean loaded) {
        checkNewName(name);
        embeddings.put(name, embedding);
        fire(new EmbeddingEvent.Added(name, embedding.rows(), embedding.dimension(), loaded));
    }

    public TokenEmbedding get(String name) {
        TokenEmbedding embedding = embeddings.get(name);
        if (embedding == null) {
            throw new IllegalArgumentException("no embedding named '" + name + "'; loaded: " + embeddings.keySet());
        }
        return embedding;
    }

    public boolean contains(String name) {
        return embeddings.containsKey(name);
    }

    /** Names in the order they were added; "default" first. */
    public Set<String> names() {
        return Collections.unmodifiableSet(embeddings.keySet());
    }

    public String activeName() {
        return active;
    }

    public TokenEmbedding active() {
        return embeddings.get(active);
    }

    /** Makes {@code name} the active embedding. Activating the active one is a no-op without an event. */
    public void activate(String name) {
        get(name);
        if (name.equals(active)) {
            return;
        }
        String previous = active;
        active = name;
        fire(new EmbeddingEvent.Activated(name, previous));
    }

    /**
     * Runs {@code work} with {@code name} active, then makes the active one active again, telling no listener:
     * a look through another embedding, not a switch the user made.
     */
    public <T> T whileActive(String name, Supplier<T> work) {
        get(name);
        String previous = active;
        active = name;
        try {
            return work.get();
        } finally {
            active = previous;
        }
    }

    /**
     * Removes an embedding without closing it and returns it, so that it can be re-attached (undo of a delete)
     * without copying its matrix. Removing the active one makes "default" active.
     */
    public TokenEmbedding detach(String name) {
        if (DEFAULT.equals(name)) {
            throw new IllegalArgumentException("the default embedding is the model's own and cannot be deleted");
        }
        TokenEmbedding embedding = get(name);
        boolean wasActive = name.equals(active);
        embeddings.remove(name);
        if (wasActive) {
            active = DEFAULT;
        }
        fire(new EmbeddingEvent.Deleted(name, wasActive, active));
        if (wasActive) {
            fire(new EmbeddingEvent.Activated(DEFAULT, name));
        }
        return embedding;
    }

    /** Deletes an embedding and frees its memory. */
    public void delete(String name) {
        detach(name).close();
    }

    /**
     * Puts {@code embedding} in the place of the one named {@code name} ("default" too), which is freed: same name,
     * same position, active if it was. For restoring saved state (a workspace reopening a trained "default"), so no
     * event is fired.
     */
    public void replace(String name, TokenEmbedding embedding) {
        TokenEmbedding previous = get(name);
        embeddings.put(name, embedding);
        previous.close();
    }

    /** Renames an embedding, keeping its place, its matrix and whether it is active. */
    public void rename(String name, String newName) {
        if (DEFAULT.equals(name)) {
            throw new IllegalArgumentException("the default embedding cannot be renamed");
        }
        get(name);
        checkNewName(newName);
        Map<String, TokenEmbedding> reordered = new LinkedHashMap<>();
        embeddings.forEach((key, value) -> reordered.put(key.equals(name) ? newName : key, value));
        embeddings.clear();
        embeddings.putAll(reordered);
        if (active.equals(name)) {
            active = newName;
        }
        fire(new EmbeddingEvent.Renamed(newName, name));
    }

    /** A snapshot of one embedding, without its arrays. */
    public EmbeddingSnapshot snapshot(String name) {
        return EmbeddingSnapshot.of(name, get(name));
    }

    /** Facts about every embedding, in order. */
    public List<EmbeddingInfo> infos() {
        return embeddings.entrySet().stream()
                .map(e -> EmbeddingInfo.of(e.getKey(), e.getKey().equals(active), e.getValue()))
                .toList();
    }

    public void addListener(EmbeddingListener listener) {
        listeners.add(listener);
    }

    public void removeListener(EmbeddingListener listener) {
        listeners.remove(listener);
    }

    void fire(EmbeddingEvent event) {
        for (EmbeddingListener listener : listeners) {
            listener.onEmbeddingEvent(event);
        }
    }

    /** Announces an event about a registered embedding that happened elsewhere (training, saving). */
    public void announce(EmbeddingEvent event) {
        get(event.name());
        fire(event);
    }

    @Override
    public void close() {
        embeddings.values().forEach(TokenEmbedding::close);
        embeddings.clear();
    }
}
