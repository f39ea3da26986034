package org.embeddingstudio.app.ui.training;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.embeddingstudio.app.ui.fx.TaskRunner;
import org.embeddingstudio.app.ui.workspace.DeviceName;
import org.embeddingstudio.app.ui.workspace.WorkspaceViewModel;
import org.embeddingstudio.core.adapter.BottleneckConfig;
import org.embeddingstudio.core.engine.Engines;
import org.embeddingstudio.core.model.NamedEmbeddingsModel;
import org.embeddingstudio.core.training.TrainingConfig;
import org.embeddingstudio.core.training.run.Objective;
import org.embeddingstudio.core.training.run.RunRequest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * What to train: the adapter (an existing one or a new one of a kind and reduction factor), whether the embedding
 * trains with it, the data ({@link TrainingDataViewModel}), the hyper-parameters and the device, and why Start is not
 * possible now.
 */
public final class TrainingFormViewModel {
    /** The adapter architectures of {@link BottleneckConfig}, as the form offers them. */
    public enum AdapterKind {
        SEQ_BN("SeqBn (Pfeiffer, seq_bn)"), HOULSBY("Houlsby (double_seq_bn)");

        private final String label;

        AdapterKind(String label) {
            this.label = label;
        }

        BottleneckConfig config(double reductionFactor) {
            return (this == SEQ_BN ? BottleneckConfig.seqBn() : BottleneckConfig.doubleSeqBn())
                    .withReductionFactor(reductionFactor);
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** The adapter choice that creates a new adapter. */
    public static final String NEW_ADAPTER = "New adapter…";

    private final WorkspaceViewModel workspace;
    private final TaskRunner tasks;
    private final TrainingDataViewModel data;
    private final ObservableList<String> adapterChoices = FXCollections.observableArrayList(NEW_ADAPTER);
    private final StringProperty adapter = new SimpleStringProperty(NEW_ADAPTER);
    private final StringProperty newAdapterName = new SimpleStringProperty("adapter");
    private final ObjectProperty<AdapterKind> adapterKind = new SimpleObjectProperty<>(AdapterKind.SEQ_BN);
    private final StringProperty reductionFactor = new SimpleStringProperty("16");
    private final BooleanProperty trainEmbeddings = new SimpleBooleanProperty(true);
    private final HyperParameters hyperParameters = new HyperParameters();
    private final ObservableList<String> devices = FXCollections.observableArrayList("cpu()");
    private final StringProperty device = new SimpleStringProperty("cpu()");
    private final ReadOnlyStringWrapper deviceNote = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private boolean devicesListed;

    public TrainingFormViewModel(WorkspaceViewModel workspace, TaskRunner tasks, TrainingDataViewModel data) {
        this.workspace = workspace;
        this.tasks = tasks;
        this.data = data;
        workspace.adapters().addListener((ListChangeListener<String>) change -> syncAdapters());
        workspace.modelProperty().addListener((o, a, model) -> {
            syncAdapters();
            if (model != null && !devicesListed) {
                devicesListed = true;
                loadDevices(); // the engine is loaded once a model is
            }
            validate();
        });
        syncAdapters();
        Stream.of(adapter, newAdapterName, adapterKind, reductionFactor, data.objectiveProperty(),
                        data.dataFileProperty(), data.textColumnProperty(), data.labelColumnProperty(), device,
                        data.dataProblemProperty(), workspace.activeEmbeddingProperty())
                .forEach(p -> p.addListener((o, a, b) -> validate()));
        for (var field : hyperParameters.observables()) {
            field.addListener(o -> validate());
        }
        validate();
    }

    private void syncAdapters() {
        List<String> names = new ArrayList<>(List.of(NEW_ADAPTER));
        names.addAll(workspace.adapters());
        String chosen = adapter.get();
        adapterChoices.setAll(names);
        adapter.set(names.contains(chosen) ? chosen : workspace.activeAdapter().orElse(NEW_ADAPTER));
    }

    /** Shows the engine's devices and picks the default (a GPU when the CUDA build sees one). */
    public void showDevices(Engines.EngineInfo engine) {
        DeviceChoice choice = DeviceChoice.of(engine);
        devices.setAll(choice.devices());
        device.set(choice.preferred());
        deviceNote.set(choice.note());
        NamedEmbeddingsModel model = workspace.modelProperty().get();
        String modelDevice = model == null ? choice.preferred() : model.device().toString();
        if (!modelDevice.equals(choice.preferred()) && devices.contains(modelDevice)) {
            // Arrays live where the model was opened; training there beats refusing to start.
            device.set(modelDevice);
            deviceNote.set((choice.note() + " " + DeviceName.of(choice.preferred()) + " is available, but the model "
                    + "was opened on " + DeviceName.of(modelDevice) + ", so it trains there.").strip());
        }
    }

    /** Asks the engine for its devices in the background. */
    public void loadDevices() {
        tasks.run("Listing devices…", (progress, token) -> Engines.pytorch(), this::showDevices, () -> { });
    }

    void validate() {
        problem.set(findProblem());
    }

    private String findProblem() {
        NamedEmbeddingsModel model = workspace.modelProperty().get();
        if (model == null) {
            return "Open a model to train.";
        }
        if (NEW_ADAPTER.equals(adapter.get())) {
            String name = newAdapterName.get() == null ? "" : newAdapterName.get().strip();
            if (name.isEmpty()) {
                return "Name the new adapter.";
            }
            if (model.adapterInfos().names().contains(name)) {
                return "An adapter named '" + name + "' exists: pick it above or choose another name.";
            }
            try {
                double factor = Double.parseDouble(reductionFactor.get().strip());
                if (!(factor >= 1)) {
                    return "Reduction factor: must be at least 1.";
                }
            } catch (NumberFormatException | NullPointerException e) {
                return "Reduction factor: '" + reductionFactor.get() + "' is not a number.";
            }
        }
        boolean classification = data.objectiveProperty().get() == Objective.CLASSIFICATION;
        if (data.dataFileProperty().get() == null) {
            return classification ? "Choose a dataset (CSV, TSV or JSONL)." : "Choose a text file to train on.";
        }
        if (!data.dataProblemProperty().get().isEmpty()) {
            return data.dataProblemProperty().get();
        }
        if (classification && (data.textColumnProperty().get() == null || data.labelColumnProperty().get() == null)) {
            return "Choose the text and the label column.";
        }
        try {
            hyperParameters.parse();
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        String modelDevice = model.device().toString();
        if (!modelDevice.equals(device.get())) {
            return "The model is loaded on " + DeviceName.of(modelDevice) + ", so it trains there; to train on "
                    + DeviceName.of(device.get()) + ", open the model again with that device.";
        }
        return "";
    }

    /**
     * The run the form describes, creating the adapter first if asked (call only while {@link #problemProperty()} is
     * empty); null when the new adapter could not be created (the workspace reported why).
     */
    RunRequest request(Supplier<Path> checkpoints) {
        TrainingConfig config = hyperParameters.parse();
        String adapterName = adapter.get();
        if (NEW_ADAPTER.equals(adapterName)) {
            adapterName = newAdapterName.get().strip();
            workspace.addAdapter(adapterName, adapterKind.get().config(Double.parseDouble(reductionFactor.get())));
            // The model, not the workspace's list: the list catches up on the UI thread a moment later.
            if (!workspace.modelProperty().get().adapterInfos().names().contains(adapterName)) {
                return null;
            }
            adapter.set(adapterName);
        }
        Objective objective = data.objectiveProperty().get();
        return new RunRequest(adapterName, trainEmbeddings.get(), objective, data.dataFileProperty().get(),
                objective == Objective.CLASSIFICATION ? data.columns() : null, config, checkpoints.get());
    }

    /** The data section. */
    public TrainingDataViewModel data() {
        return data;
    }

    public ObservableList<String> adapterChoices() {
        return adapterChoices;
    }

    public StringProperty adapterProperty() {
        return adapter;
    }

    public StringProperty newAdapterNameProperty() {
        return newAdapterName;
    }

    public ObjectProperty<AdapterKind> adapterKindProperty() {
        return adapterKind;
    }

    public StringProperty reductionFactorProperty() {
        return reductionFactor;
    }

    /** The embedding a run trains: the active one. */
    public ReadOnlyStringProperty embeddingProperty() {
        return workspace.activeEmbeddingProperty();
    }

    public BooleanProperty trainEmbeddingsProperty() {
        return trainEmbeddings;
    }

    public HyperParameters hyperParameters() {
        return hyperParameters;
    }

    public ObservableList<String> devices() {
        return devices;
    }

    public StringProperty deviceProperty() {
        return device;
    }

    public ReadOnlyStringProperty deviceNoteProperty() {
        return deviceNote.getReadOnlyProperty();
    }

    /** Why Start is not possible now, or "". */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }
}
