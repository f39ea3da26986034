package org.embeddingstudio.app.ui.action;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FindActionViewModelTest {
    final List<ActionId> performed = new ArrayList<>();
    final FindActionViewModel viewModel = new FindActionViewModel(id -> id != ActionId.DELETE_EMBEDDINGS,
            performed::add);

    @Test
    void typingFiltersByEveryWordAndShowsTheShortcut() {
        viewModel.queryProperty().set("save emb");
        assertEquals(List.of(ActionId.SAVE_EMBEDDINGS), viewModel.matches().stream()
                .map(FindActionViewModel.Entry::id).toList());
        assertFalse(viewModel.matches().get(0).shortcut().isEmpty());
    }

    @Test
    void choosingRunsTheActionOnlyWhenItCanRunNow() {
        viewModel.queryProperty().set("delete embedding");
        FindActionViewModel.Entry delete = viewModel.matches().stream()
                .filter(e -> e.id() == ActionId.DELETE_EMBEDDINGS).findFirst().orElseThrow();
        assertFalse(delete.enabled());
        assertFalse(viewModel.choose(delete));
        viewModel.queryProperty().set("add embeddings");
        assertTrue(viewModel.choose(viewModel.matches().get(0)));
        assertEquals(List.of(ActionId.ADD_EMBEDDINGS), performed);
    }
}
