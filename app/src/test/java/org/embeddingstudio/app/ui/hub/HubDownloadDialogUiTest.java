package org.embeddingstudio.app.ui.hub;

import javafx.scene.Scene;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.embeddingstudio.app.ui.fx.BackgroundTasks;
import org.embeddingstudio.app.ui.fx.FxBridge;
import org.embeddingstudio.app.ui.fx.FxTaskRunner;
import org.embeddingstudio.core.hub.HubClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dialog on screen: type an id, list the files, download, and it closes with the snapshot ready. */
@ExtendWith(ApplicationExtension.class)
class HubDownloadDialogUiTest {
    @TempDir
    Path temp;
    private final BackgroundTasks tasks = new BackgroundTasks();
    private final FxTaskRunner runner = new FxTaskRunner(tasks);
    private LocalHub hub;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        hub = new LocalHub();
        stage.setScene(new Scene(new StackPane(), 200, 100));
        stage.show();
    }

    @AfterEach
    void close() {
        runner.close();
        hub.close();
    }

    @Test
    void listingThenDownloadingClosesTheDialogWithTheModelInTheCache(FxRobot robot) throws Exception {
        HubDownloadViewModel viewModel = new HubDownloadViewModel(new HubClient(hub.settings(temp, false)), runner,
                FxBridge.toFxThread());
        AtomicReference<Optional<ButtonType>> result = new AtomicReference<>();
        robot.interact(() -> {
            HubDownloadDialog dialog = new HubDownloadDialog(stage, viewModel);
            dialog.setOnHidden(e -> result.set(Optional.ofNullable(dialog.getResult())));
            dialog.show();
        });

        robot.clickOn("#hub-model-id").write("someone/tiny");
        robot.clickOn("#hub-list-files");
        TableView<?> files = robot.lookup("#hub-files").queryAs(TableView.class);
        Label message = robot.lookup("#hub-message").queryAs(Label.class);
        // The list and the message are set one after the other on the FX thread: wait for the listing to finish.
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> files.getItems().size() == 3
                && !message.getText().startsWith("Asking"));
        assertTrue(message.getText().startsWith("3 files"), message.getText());
        robot.clickOn("Download and Open");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> result.get() != null);

        assertEquals(Optional.of(HubDownloadDialog.DOWNLOAD), result.get());
        Path snapshot = temp.resolve("models--someone--tiny/snapshots").resolve(LocalHub.COMMIT);
        assertEquals(snapshot, viewModel.downloadedProperty().get().folder());
        assertTrue(Files.isRegularFile(snapshot.resolve("model.safetensors")));
    }

    @Test
    void aPrivateModelShowsHowToSetATokenAndTheDialogStaysOpen(FxRobot robot) throws Exception {
        HubDownloadViewModel viewModel = new HubDownloadViewModel(new HubClient(hub.settings(temp, false)), runner,
                FxBridge.toFxThread());
        robot.interact(() -> new HubDownloadDialog(stage, viewModel).show());

        robot.clickOn("#hub-model-id").write("someone/private");
        robot.clickOn("Download and Open");
        Label message = robot.lookup("#hub-message").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> message.getText().startsWith("Access denied"));

        assertTrue(message.getText().contains("HF_TOKEN"), message.getText());
        assertTrue(robot.lookup("#hub-download-dialog").query().isVisible());
    }
}
