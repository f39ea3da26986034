package org.embeddingstudio.app.ui.shell;

import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.util.Duration;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/** The status bar along the bottom of the window. */
public final class StatusBarView extends HBox {
    public StatusBarView(StatusBarViewModel viewModel) {
        setId("status-bar");
        getStyleClass().add("status-bar");
        setAlignment(Pos.CENTER_LEFT);
        setSpacing(12);
        setPadding(new Insets(2, 8, 2, 8));
        Label task = new Label();
        task.setId("task-title");
        task.textProperty().bind(viewModel.taskTitleBinding());
        // The task line gives way to the figures on the right; cut, it is read whole in its tooltip.
        task.setMinWidth(0);
        Tooltip wholeTask = new Tooltip();
        wholeTask.textProperty().bind(task.textProperty());
        task.tooltipProperty().bind(Bindings.when(task.textProperty().isEmpty()).then((Tooltip) null)
                .otherwise(wholeTask));
        ProgressBar progress = new ProgressBar();
        progress.setPrefWidth(140);
        progress.progressProperty().bind(viewModel.taskProgressBinding());
        progress.visibleProperty().bind(Bindings.createBooleanBinding(
                () -> viewModel.busy().get(), viewModel.busy()));
        Button cancel = new Button(null, new FontIcon(Material2AL.CLOSE));
        cancel.setId("cancel-task");
        cancel.getStyleClass().addAll("flat", "small");
        cancel.setTooltip(new Tooltip("Cancel"));
        cancel.visibleProperty().bind(progress.visibleProperty());
        cancel.setOnAction(e -> viewModel.cancelTask());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Label device = new Label(null, new FontIcon(Material2MZ.MEMORY));
        device.textProperty().bind(viewModel.deviceProperty());
        device.setMinWidth(Region.USE_PREF_SIZE);
        Label memory = new Label();
        memory.textProperty().bind(viewModel.memoryProperty());
        memory.setMinWidth(Region.USE_PREF_SIZE);
        getChildren().addAll(task, progress, cancel, spacer, memory, device);
        Timeline refresh = new Timeline(new KeyFrame(Duration.seconds(2), e -> viewModel.refreshMemory()));
        refresh.setCycleCount(Timeline.INDEFINITE);
        refresh.play();
    }
}
