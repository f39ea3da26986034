package org.embeddingstudio.app.ui.hub;

import org.embeddingstudio.app.ui.fx.FxBridge;
import org.embeddingstudio.app.ui.fx.ImmediateTaskRunner;
import org.embeddingstudio.core.hub.HubClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Hub dialog's view model against a local server speaking the Hub's file protocol; no screen. */
class HubDownloadViewModelTest {
    @TempDir
    Path temp;
    private LocalHub hub;

    @BeforeEach
    void startHub() throws IOException {
        hub = new LocalHub();
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    @Test
    void listingShowsTheNeededFilesWithSizesAndDownloadFillsEveryBar() {
        HubDownloadViewModel dialog = viewModel(false);
        dialog.idProperty().set("someone/tiny");

        dialog.listFiles();

        assertEquals(List.of("config.json", "vocab.txt", "model.safetensors"),
                dialog.files().stream().map(HubFileRow::name).toList());
        assertEquals("2.9 KB", dialog.files().get(2).size());
        assertTrue(dialog.messageProperty().get().startsWith("3 files"), dialog.messageProperty().get());
        dialog.download();

        assertFalse(dialog.failedProperty().get(), dialog.messageProperty().get());
        assertEquals(temp.resolve("hub/models--someone--tiny/snapshots").resolve(LocalHub.COMMIT),
                dialog.downloadedProperty().get().folder());
        assertEquals(List.of("done", "done", "done"),
                dialog.files().stream().map(r -> r.statusProperty().get()).toList());
        assertTrue(dialog.files().stream().allMatch(r -> r.progressProperty().get() == 1.0));

        HubDownloadViewModel again = viewModel(false);
        again.idProperty().set("someone/tiny");
        again.download();
        assertEquals(List.of("cached", "cached", "cached"),
                again.files().stream().map(r -> r.statusProperty().get()).toList());
    }

    @Test
    void aPrivateModelSaysHowToSetAToken() {
        HubDownloadViewModel dialog = viewModel(false);
        dialog.idProperty().set("someone/private");

        dialog.download();

        assertTrue(dialog.failedProperty().get());
        assertTrue(dialog.messageProperty().get().startsWith("Access denied"), dialog.messageProperty().get());
        assertTrue(dialog.messageProperty().get().contains("HF_TOKEN"), dialog.messageProperty().get());
        assertNull(dialog.downloadedProperty().get());
        assertFalse(dialog.busyProperty().get());
    }

    @Test
    void anUnknownModelIsNotFound() {
        HubDownloadViewModel dialog = viewModel(false);
        dialog.idProperty().set("someone/absent");

        dialog.listFiles();

        assertTrue(dialog.messageProperty().get().startsWith("Not found"), dialog.messageProperty().get());
        assertTrue(dialog.files().isEmpty());
    }

    @Test
    void offlineTheMessageNamesWhatIsCached() {
        HubDownloadViewModel online = viewModel(false);
        online.idProperty().set("someone/tiny");
        online.download();
        HubDownloadViewModel offline = viewModel(true);

        offline.idProperty().set("xlm-roberta-base");
        offline.download();
        assertTrue(offline.messageProperty().get().startsWith("No connection"), offline.messageProperty().get());
        assertTrue(offline.messageProperty().get().contains("someone/tiny"), offline.messageProperty().get());

        offline.idProperty().set("someone/tiny");
        offline.download();
        assertTrue(offline.downloadedProperty().get().fromCache());
    }

    @Test
    void onlyAWellFormedIdCanBeListed() {
        HubDownloadViewModel dialog = viewModel(false);
        dialog.idProperty().set("not an id");
        assertFalse(dialog.canStartBinding().get());
        dialog.idProperty().set("xlm-roberta-base");
        assertTrue(dialog.canStartBinding().get());
    }

    private HubDownloadViewModel viewModel(boolean offline) {
        return new HubDownloadViewModel(new HubClient(hub.settings(temp.resolve("hub"), offline)),
                new ImmediateTaskRunner(),
                new FxBridge(Runnable::run));
    }
}
