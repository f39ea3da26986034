package org.embeddingstudio.app.ui.training;

import org.embeddingstudio.app.ui.workspace.WorkspaceFile;
import org.embeddingstudio.core.training.run.RunRequest;
import org.embeddingstudio.core.training.run.RunsFile;
import org.embeddingstudio.core.training.run.TrainingRun;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where a workspace keeps its training runs: {@code NAME.files/runs/} ({@code runs.json} and each run's checkpoint
 * folder), paths in {@code runs.json} relative to it so the workspace can be moved. Workspaces saved before kept
 * them in {@code NAME.esw.runs/}, which is still read.
 */
final class WorkspaceRuns {
    private WorkspaceRuns() {
    }

    static Path folder(Path workspaceFile) {
        return WorkspaceFile.filesFolder(workspaceFile).resolve("runs");
    }

    private static Path earlierFolder(Path workspaceFile) {
        Path absolute = workspaceFile.toAbsolutePath();
        return absolute.resolveSibling(absolute.getFileName() + ".runs");
    }

    /** The runs a workspace kept, their checkpoint folders resolved. */
    static List<TrainingRun> read(Path workspaceFile) throws IOException {
        Path folder = folder(workspaceFile);
        if (!Files.isRegularFile(folder.resolve(RunsFile.NAME))) {
            folder = earlierFolder(workspaceFile);
        }
        List<TrainingRun> runs = new ArrayList<>();
        for (TrainingRun run : RunsFile.read(folder.resolve(RunsFile.NAME))) {
            runs.add(withPaths(run, folder.resolve(run.request().checkpoints()),
                    run.lastCheckpoint() == null ? null : folder.resolve(run.lastCheckpoint())));
        }
        return runs;
    }

    /**
     * Writes {@code runs.json} into {@code folder}; with {@code copyCheckpoints}, each run's checkpoint folder kept
     * elsewhere (a run before the first save, or in another workspace) is copied in first.
     */
    static void write(Path folder, List<TrainingRun> runs, boolean copyCheckpoints) throws IOException {
        Path base = folder.toAbsolutePath().normalize();
        List<TrainingRun> relative = new ArrayList<>();
        for (TrainingRun run : runs) {
            Path checkpoints = run.request().checkpoints().toAbsolutePath().normalize();
            Path last = run.lastCheckpoint() == null ? null : run.lastCheckpoint().toAbsolutePath().normalize();
            if (copyCheckpoints && !checkpoints.startsWith(base) && Files.isDirectory(checkpoints)) {
                Path copy = base.resolve(checkpoints.getFileName());
                copyTree(checkpoints, copy);
                last = last != null && last.startsWith(checkpoints) ? copy.resolve(checkpoints.relativize(last)) : last;
                checkpoints = copy;
            }
            relative.add(withPaths(run, inside(base, checkpoints), last == null ? null : inside(base, last)));
        }
        RunsFile.write(base.resolve(RunsFile.NAME), relative);
    }

    private static Path inside(Path base, Path path) {
        return path.startsWith(base) ? base.relativize(path) : path;
    }

    private static TrainingRun withPaths(TrainingRun run, Path checkpoints, Path lastCheckpoint) {
        RunRequest r = run.request();
        RunRequest request = new RunRequest(r.adapter(), r.trainEmbeddings(), r.objective(), r.data(), r.columns(),
                r.config(), checkpoints);
        return new TrainingRun(run.name(), run.embedding(), request, run.curve(), run.evaluations(), run.outcome(),
                lastCheckpoint, run.heldOutCheck());
    }

    /** Copies a checkpoint folder, each file to a temporary name first, so a half-copied file is never taken. */
    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else if (!Files.exists(target)) {
                    Path temporary = target.resolveSibling("." + target.getFileName() + ".copy.tmp");
                    Files.copy(source, temporary, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
                }
            }
        }
    }
}
