package org.embeddingstudio.core.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Replaces several files of a folder together, so that a save killed at any moment (power cut, kill -9) leaves
 * either the complete previous set or the complete new set, never an embedding matrix of one save beside the
 * tokenizer of another.
 *
 * <p>New content is first written beside its target under a staged name ({@code .name.saving}). {@link #commit}
 * then writes a journal naming every replacement (atomically, through {@link AtomicFiles}), carries the
 * replacements out and deletes the journal. {@link #recover}, which every save and load of the folder runs first,
 * finishes the replacements of a journal left behind by a killed commit, and deletes staged content and
 * temporary files that a killed save never committed.
 */
public final class FolderSave implements AutoCloseable {
    static final String JOURNAL = ".embedding-studio-save.journal";
    private static final String STAGED_SUFFIX = ".saving";
    /** {@link AtomicFiles}' temporary files: a dot, the target's name, a dot, digits, ".tmp". */
    private static final Pattern ATOMIC_TEMPORARY = Pattern.compile("\\..+\\.\\d+\\.tmp");
    private static final String REPLACE = "replace";
    private static final String REMOVE = "remove";

    private final Path folder;
    private final List<String> steps = new ArrayList<>();
    private boolean committed;

    private FolderSave(Path folder) {
        this.folder = folder;
    }

    /** Starts replacing files of {@code folder}, creating it if needed, after recovering from an earlier kill. */
    public static FolderSave begin(Path folder) throws IOException {
        Files.createDirectories(folder);
        recover(folder);
        return new FolderSave(folder);
    }

    /** The folder being saved into. */
    public Path folder() {
        return folder;
    }

    /**
     * Where to write the new content of {@code name} (a file, or a folder, directly inside the saved folder); it
     * replaces the current one on {@link #commit}.
     */
    public Path stage(String name) throws IOException {
        Path staged = folder.resolve(stagedName(name));
        deleteTree(staged);
        steps.add(REPLACE + "\t" + name);
        return staged;
    }

    /** Deletes {@code name} (a file or a folder) on {@link #commit}. */
    public void remove(String name) {
        steps.add(REMOVE + "\t" + name);
    }

    /** Carries out every replacement and removal; from the moment the journal is written they all happen. */
    public void commit() throws IOException {
        Path journal = folder.resolve(JOURNAL);
        AtomicFiles.writeString(journal, String.join("\n", steps) + "\n");
        apply(folder, steps);
        Files.delete(journal);
        committed = true;
    }

    /** Without a commit, deletes whatever was staged: the folder keeps its previous files. */
    @Override
    public void close() throws IOException {
        if (committed) {
            return;
        }
        for (String step : steps) {
            String[] parts = step.split("\t", 2);
            if (parts[0].equals(REPLACE)) {
                deleteTree(folder.resolve(stagedName(parts[1])));
            }
        }
    }

    /**
     * Brings {@code folder} back to one complete save: finishes a commit that was cut short and deletes what an
     * uncommitted save left behind. Does nothing to a folder that has no trace of an interrupted save.
     */
    public static void recover(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        Path journal = folder.resolve(JOURNAL);
        if (Files.isRegularFile(journal)) {
            apply(folder, Files.readAllLines(journal, StandardCharsets.UTF_8));
            Files.delete(journal);
        }
        sweep(folder);
    }

    /**
     * {@link #recover} before reading {@code folder}. Leftovers that cannot be deleted (a read-only folder) do not stop
     * the read; an interrupted commit that cannot be finished does, since the folder then mixes two saves.
     */
    public static void recoverBeforeReading(Path folder) throws IOException {
        try {
            recover(folder);
        } catch (FileFormatException e) {
            throw e;
        } catch (IOException e) {
            if (Files.exists(folder.resolve(JOURNAL))) {
                throw new FileFormatException(folder, "a save into this folder was interrupted and cannot be"
                        + " finished (" + e.getMessage() + "); make the folder writable and load it again", e);
            }
        }
    }

    private static void apply(Path folder, List<String> steps) throws IOException {
        for (String step : steps) {
            if (step.isBlank()) {
                continue;
            }
            String[] parts = step.split("\t", 2);
            if (parts.length != 2 || parts[1].contains("/") || parts[1].contains("\\") || parts[1].startsWith(".")) {
                throw new FileFormatException(folder.resolve(JOURNAL), "holds a step that is not ours: '"
                        + MessageText.printable(step) + "'");
            }
            Path target = folder.resolve(parts[1]);
            switch (parts[0]) {
                case REPLACE -> {
                    Path staged = folder.resolve(stagedName(parts[1]));
                    // Absent staged content means this step was already carried out before a kill.
                    if (Files.exists(staged, LinkOption.NOFOLLOW_LINKS)) {
                        if (Files.isDirectory(staged, LinkOption.NOFOLLOW_LINKS)) {
                            deleteTree(target);
                        }
                        move(staged, target);
                    }
                }
                case REMOVE -> deleteTree(target);
                default -> throw new FileFormatException(folder.resolve(JOURNAL), "holds an unknown step '"
                        + MessageText.printable(parts[0]) + "'");
            }
        }
    }

    private static void sweep(Path folder) throws IOException {
        List<Path> leftovers = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.startsWith(".") && name.endsWith(STAGED_SUFFIX)) {
                    leftovers.add(entry);
                } else if (ATOMIC_TEMPORARY.matcher(name).matches()) {
                    leftovers.add(entry);
                } else if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    // A folder such as tokenizer/ is written with AtomicFiles too.
                    try (Stream<Path> inner = Files.list(entry)) {
                        inner.filter(p -> ATOMIC_TEMPORARY.matcher(p.getFileName().toString()).matches())
                                .forEach(leftovers::add);
                    }
                }
            }
        }
        for (Path leftover : leftovers) {
            deleteTree(leftover);
        }
    }

    private static String stagedName(String name) {
        return "." + name + STAGED_SUFFIX;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(root);
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
