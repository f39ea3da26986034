package org.embeddingstudio.core.adapter;

import org.embeddingstudio.core.transformer.ResidualHook;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/** The model's bottleneck adapters by name; at most one is active (used in the forward pass). */
public final class AdapterRegistry implements AutoCloseable {
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_\\-]{0,63}");

    /** Something that happened to the adapters. */
    public sealed interface AdapterEvent {
        String name();

        record Added(String name) implements AdapterEvent {
        }

        record Deleted(String name) implements AdapterEvent {
        }

        /** {@code name} is active; empty when none is. */
        record Activated(String name) implements AdapterEvent {
        }
    }

    private final Map<String, BottleneckAdapter> adapters = new LinkedHashMap<>();
    private final CopyOnWriteArrayList<Consumer<AdapterEvent>> listeners = new CopyOnWriteArrayList<>();
    private String active;

    /** Names are module names in {@code adapters}' parameter paths, so no dots. */
    public void checkNewName(String name) {
        if (name == null || !SAFE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a valid adapter name: use letters, digits, '_' "
                    + "or '-', starting with a letter or digit, at most 64 characters");
        }
        if (adapters.containsKey(name)) {
            throw new IllegalArgumentException("an adapter named '" + name + "' already exists");
        }
    }

    public void add(BottleneckAdapter adapter) {
        checkNewName(adapter.name());
        adapters.put(adapter.name(), adapter);
        fire(new AdapterEvent.Added(adapter.name()));
    }

    public BottleneckAdapter get(String name) {
        BottleneckAdapter adapter = adapters.get(name);
        if (adapter == null) {
            throw new IllegalArgumentException("no adapter named '" + name + "'; loaded: " + adapters.keySet());
        }
        return adapter;
    }

    public Set<String> names() {
        return Collections.unmodifiableSet(adapters.keySet());
    }

    /** Removes an adapter without closing it (for undo); deactivates it if it was active. */
    public BottleneckAdapter detach(String name) {
        BottleneckAdapter adapter = get(name);
        adapters.remove(name);
        fire(new AdapterEvent.Deleted(name));
        if (name.equals(active)) {
            activate(null);
        }
        return adapter;
    }

    public void delete(String name) {
        detach(name).close();
    }

    /** Makes {@code name} the adapter of the forward pass; null for none. */
    public void activate(String name) {
        if (name != null) {
            get(name);
        }
        active = name;
        fire(new AdapterEvent.Activated(name == null ? "" : name));
    }

    public Optional<BottleneckAdapter> active() {
        return Optional.ofNullable(active).map(adapters::get);
    }

    /** The hook the encoder runs: the active adapter, or plain Add &amp; Norm. */
    public ResidualHook hook() {
        return active == null ? ResidualHook.NONE : adapters.get(active);
    }

    public void addListener(Consumer<AdapterEvent> listener) {
        listeners.add(listener);
    }

    private void fire(AdapterEvent event) {
        listeners.forEach(l -> l.accept(event));
    }

    @Override
    public void close() {
        adapters.values().forEach(BottleneckAdapter::close);
        adapters.clear();
    }
}
