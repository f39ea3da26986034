package org.embeddingstudio.app.ui.shell;

import javafx.collections.FXCollections;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;
import org.embeddingstudio.app.settings.Settings;
import org.embeddingstudio.app.ui.fx.FormGrid;
import org.embeddingstudio.app.ui.fx.ShownAs;

/** The Settings dialog: binds its controls to {@link SettingsViewModel}; OK applies them. */
public final class SettingsDialog extends Dialog<ButtonType> {
    public SettingsDialog(Window owner, SettingsViewModel viewModel) {
        initOwner(owner);
        setTitle("Settings");
        getDialogPane().setId("settings-dialog");
        getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);

        ChoiceBox<Settings.Theme> theme = new ChoiceBox<>(FXCollections.observableArrayList(Settings.Theme.values()));
        theme.setId("settings-theme");
        theme.setConverter(ShownAs.text(SettingsViewModel::label));
        theme.valueProperty().bindBidirectional(viewModel.themeProperty());
        CheckBox reopen = new CheckBox("Reopen the last workspace on start");
        reopen.setId("settings-reopen-last");
        reopen.selectedProperty().bindBidirectional(viewModel.reopenLastWorkspaceProperty());

        GridPane grid = FormGrid.create();
        grid.addRow(0, new Label("Theme:"), theme);
        grid.add(reopen, 0, 1, 2, 1);
        getDialogPane().setContent(grid);
        setResultConverter(button -> {
            if (button == ButtonType.OK) {
                viewModel.apply();
            }
            return button;
        });
    }
}
