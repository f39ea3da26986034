package org.embeddingstudio.app.ui.hub;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.embeddingstudio.app.ui.fx.FxBridge;
import org.embeddingstudio.app.ui.fx.TaskRunner;
import org.embeddingstudio.core.hub.HubAccessDeniedException;
import org.embeddingstudio.core.hub.HubClient;
import org.embeddingstudio.core.hub.HubContent;
import org.embeddingstudio.core.hub.HubDownloadCancelledException;
import org.embeddingstudio.core.hub.HubDownloadListener;
import org.embeddingstudio.core.hub.HubFile;
import org.embeddingstudio.core.hub.HubIntegrityException;
import org.embeddingstudio.core.hub.HubNotFoundException;
import org.embeddingstudio.core.hub.HubOfflineException;
import org.embeddingstudio.core.hub.HubPlan;
import org.embeddingstudio.core.hub.HubRepoId;
import org.embeddingstudio.core.hub.HubSnapshot;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * 'Open from Hugging Face Hub…': the user types a model id, sees the files it needs with their sizes, downloads them
 * with a progress bar per file (and overall in the status bar), can cancel, and gets a message that says what to do
 * when the Hub refuses (token), has no such model, or cannot be reached (what is cached).
 */
public final class HubDownloadViewModel {
    private final HubClient client;
    private final TaskRunner tasks;
    private final FxBridge bridge;
    private final StringProperty id = new SimpleStringProperty("");
    private final ObservableList<HubFileRow> files = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper failed = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<HubPlan> plan = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<HubSnapshot> downloaded = new ReadOnlyObjectWrapper<>();
    private TaskRunner.RunningTask running;

    public HubDownloadViewModel(HubClient client, TaskRunner tasks, FxBridge bridge) {
        this.client = client;
        this.tasks = tasks;
        this.bridge = bridge;
        id.addListener((o, was, now) -> {
            plan.set(null);
            files.clear();
            message.set("");
            failed.set(false);
        });
    }

    public StringProperty idProperty() {
        return id;
    }

    public ObservableList<HubFileRow> files() {
        return files;
    }

    /** What happened last: the plan's summary, or why it failed and what to do. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Whether {@link #messageProperty()} reports a failure. */
    public ReadOnlyBooleanProperty failedProperty() {
        return failed.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** The snapshot once every file is in the cache; the caller opens it. */
    public ReadOnlyObjectProperty<HubSnapshot> downloadedProperty() {
        return downloaded.getReadOnlyProperty();
    }

    /** Listing and downloading need a well-formed id and nothing running. */
    public BooleanBinding canStartBinding() {
        return Bindings.createBooleanBinding(() -> HubRepoId.tryParse(id.get()).isPresent() && !busy.get(), id, busy);
    }

    /** Asks the Hub (or, offline, the cache) which files the model needs and lists them with their sizes. */
    public void listFiles() {
        Optional<HubRepoId> repo = HubRepoId.tryParse(id.get());
        if (repo.isEmpty() || busy.get()) {
            return;
        }
        busy.set(true);
        message.set("Asking " + client.settings().endpoint() + " for " + repo.get() + "…");
        failed.set(false);
        running = tasks.run("Listing " + repo.get() + "…",
                (progress, cancellation) -> client.plan(repo.get(), HubContent.MODEL, cancellation),
                this::showPlan, this::fail);
    }

    /** Downloads what is not cached yet (listing first if needed); sets {@link #downloadedProperty()} at the end. */
    public void download() {
        HubPlan current = plan.get();
        if (current == null) {
            Optional<HubRepoId> repo = HubRepoId.tryParse(id.get());
            if (repo.isEmpty() || busy.get()) {
                return;
            }
            busy.set(true);
            failed.set(false);
            running = tasks.run("Listing " + repo.get() + "…",
                    (progress, cancellation) -> client.plan(repo.get(), HubContent.MODEL, cancellation),
                    listed -> {
                        showPlan(listed);
                        download();
                    }, this::fail);
            return;
        }
        if (busy.get()) {
            return;
        }
        busy.set(true);
        failed.set(false);
        message.set("Downloading " + current.files().size() + " files, " + HubFileRow.formatBytes(current.totalBytes())
                + "…");
        Map<HubFile, HubFileRow> rows = new HashMap<>();
        files.forEach(row -> rows.put(row.file(), row));
        running = tasks.run("Downloading " + current.repo() + "…", (progress, cancellation) -> {
            Map<HubFile, Long> done = new ConcurrentHashMap<>();
            AtomicLong lastShown = new AtomicLong();
            long total = Math.max(1, current.totalBytes());
            return client.download(current, new HubDownloadListener() {
                @Override
                public void fileProgress(HubFile file, long bytesDone) {
                    done.put(file, bytesDone);
                    long sum = done.values().stream().mapToLong(Long::longValue).sum();
                    progress.progress(sum, total);
                    // One UI update per 1 % (or per file) is plenty for a bar; more would flood the FX thread.
                    if (sum - lastShown.get() >= total / 100 || bytesDone == file.size()) {
                        lastShown.set(sum);
                        bridge.onUiThread((Long bytes) -> rows.get(file).bytesDone(bytes)).accept(bytesDone);
                    }
                }

                @Override
                public void fileFinished(HubFile file, boolean alreadyCached) {
                    done.put(file, Math.max(0, file.size()));
                    progress.progress(done.values().stream().mapToLong(Long::longValue).sum(), total);
                    bridge.onUiThread((Boolean cached) -> rows.get(file).finished(cached)).accept(alreadyCached);
                }
            }, cancellation);
        }, snapshot -> {
            busy.set(false);
            message.set(snapshot.fromCache() ? "Opened from the cache (offline): " + snapshot.folder()
                    : "Downloaded to " + snapshot.folder());
            downloaded.set(snapshot);
        }, this::fail);
    }

    /** Stops a listing or download; what was fetched stays and the next download resumes it. */
    public void cancel() {
        if (running != null && busy.get()) {
            running.cancel();
        }
    }

    private void showPlan(HubPlan listed) {
        busy.set(false);
        plan.set(listed);
        files.setAll(listed.files().stream().map(HubFileRow::new).toList());
        message.set(listed.files().size() + " files, " + HubFileRow.formatBytes(listed.totalBytes()) + " at commit "
                + listed.commit().substring(0, 7) + (listed.fromCache()
                ? " — the Hub cannot be reached; these are cached and open without a download" : ""));
    }

    private void fail(Throwable error) {
        busy.set(false);
        failed.set(true);
        message.set(describe(error));
    }

    /** What the user reads for each way a Hub download fails: the core's messages already say what to do. */
    static String describe(Throwable error) {
        String detail = error.getMessage() == null ? error.toString() : error.getMessage();
        if (error instanceof HubAccessDeniedException) {
            return "Access denied — " + detail;
        }
        if (error instanceof HubNotFoundException) {
            return "Not found — " + detail;
        }
        if (error instanceof HubOfflineException offline) {
            return "No connection — " + detail + (offline.cached().isEmpty() ? ""
                    : ". Open one of these, or connect and try again.");
        }
        if (error instanceof HubIntegrityException) {
            return "Corrupted download refused — " + detail;
        }
        if (error instanceof HubDownloadCancelledException) {
            return "Cancelled. The part already fetched is kept; Download resumes it.";
        }
        if (error instanceof IllegalArgumentException) {
            return detail;
        }
        return "Download failed — " + detail;
    }
}
