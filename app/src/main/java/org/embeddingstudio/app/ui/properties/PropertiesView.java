package org.embeddingstudio.app.ui.properties;

import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import org.controlsfx.control.PropertySheet;
import org.embeddingstudio.app.ui.fx.NextFrameUpdate;

import java.util.Optional;

/** The Properties tool window: a read-only ControlsFX property sheet over the view model's entries. */
public final class PropertiesView extends PropertySheet {
    public PropertiesView(PropertiesViewModel viewModel) {
        setId("properties");
        setModeSwitcherVisible(false);
        setSearchBoxVisible(false);
        setMode(Mode.CATEGORY);
        // A new selection rebuilds every property editor: done a frame later (see NextFrameUpdate).
        NextFrameUpdate rebuild = new NextFrameUpdate(() ->
                getItems().setAll(viewModel.entries().stream().map(ReadOnlyItem::new).toList()));
        viewModel.entries().addListener((ListChangeListener<PropertiesViewModel.Entry>) change -> rebuild.request());
    }

    private record ReadOnlyItem(PropertiesViewModel.Entry entry) implements Item {
        @Override
        public Class<?> getType() {
            return String.class;
        }

        @Override
        public String getCategory() {
            return entry.category();
        }

        @Override
        public String getName() {
            return entry.name();
        }

        @Override
        public String getDescription() {
            return entry.value();
        }

        @Override
        public Object getValue() {
            return entry.value();
        }

        @Override
        public void setValue(Object value) {
            // read-only
        }

        @Override
        public boolean isEditable() {
            return false;
        }

        @Override
        public Optional<ObservableValue<? extends Object>> getObservableValue() {
            return Optional.empty();
        }
    }
}
