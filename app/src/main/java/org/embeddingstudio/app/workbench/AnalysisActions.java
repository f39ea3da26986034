package org.embeddingstudio.app.workbench;

import javafx.beans.binding.BooleanBinding;
import javafx.scene.control.Tab;
import org.embeddingstudio.app.ui.action.ActionFactory;
import org.embeddingstudio.app.ui.action.ActionId;
import org.embeddingstudio.app.ui.fx.TaskRunner;
import org.embeddingstudio.app.ui.overlap.IntersectionsView;
import org.embeddingstudio.app.ui.overlap.IntersectionsViewModel;
import org.embeddingstudio.app.ui.overlap.OverlapView;
import org.embeddingstudio.app.ui.overlap.OverlapViewModel;
import org.embeddingstudio.app.ui.projection.ProjectionView;
import org.embeddingstudio.app.ui.projection.ProjectionViewModel;
import org.embeddingstudio.app.ui.workspace.DialogService;
import org.embeddingstudio.app.ui.workspace.WorkspaceViewModel;

import java.util.LinkedHashMap;
import java.util.Map;

/** The analyses, each in an editor tab of its own: vocabulary overlap, intersections of several, a 2-D projection. */
public final class AnalysisActions {
    private final DialogService dialogs;
    private final WorkspaceViewModel workspace;
    private final TaskRunner taskRunner;
    private final BooleanBinding hasModel;
    private final EditorTabs editor;
    private final Map<Tab, OverlapViewModel> overlapTabs = new LinkedHashMap<>();

    public AnalysisActions(ActionContext context, EditorTabs editor) {
        dialogs = context.dialogs();
        workspace = context.workspace();
        taskRunner = context.taskRunner();
        hasModel = context.hasModel();
        this.editor = editor;
    }

    public void register(ActionFactory actions) {
        actions.register(ActionId.COMPARE_VOCABULARIES, this::compareVocabularies, hasModel);
        actions.register(ActionId.COMPARE_SEVERAL, this::compareSeveral, hasModel);
        actions.register(ActionId.SHOW_PROJECTION, this::showProjection, hasModel);
    }

    /** Opens an Overlap tab on the suggested pair, or brings forward the open tab already comparing that pair. */
    private void compareVocabularies() {
        OverlapViewModel overlap = new OverlapViewModel(workspace, taskRunner, dialogs);
        overlapTabs.keySet().removeIf(tab -> !editor.isOpen(tab)); // closed by the user
        for (Map.Entry<Tab, OverlapViewModel> open : overlapTabs.entrySet()) {
            if (open.getValue().compares(overlap.aProperty().get(), overlap.bProperty().get())) {
                editor.select(open.getKey());
                return;
            }
        }
        Tab tab = editor.open(overlap.titleProperty(), new OverlapView(overlap), overlap::compare); // right away
        overlapTabs.put(tab, overlap);
    }

    private void compareSeveral() {
        IntersectionsViewModel intersections = new IntersectionsViewModel(workspace, taskRunner, dialogs);
        editor.open("Intersections", new IntersectionsView(intersections), () -> {
            if (intersections.sources().size() >= 2) {
                intersections.compare(); // the workspace's vocabularies right away; add candidates and compare again
            }
        });
    }

    private void showProjection() {
        ProjectionViewModel projection = new ProjectionViewModel(workspace, taskRunner, dialogs);
        editor.open("Projection", new ProjectionView(projection), projection::project); // the active embedding
    }
}
