package org.embeddingstudio.app.ui.tokenize;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.embeddingstudio.app.ui.fx.FontCoverage;
import org.embeddingstudio.app.ui.workspace.WorkspaceViewModel;
import org.embeddingstudio.core.embedding.EmbeddingInfo;
import org.embeddingstudio.core.embedding.EmbeddingSnapshot;
import org.embeddingstudio.core.embedding.RowOrigin;
import org.embeddingstudio.core.model.NamedEmbeddingsModel;
import org.embeddingstudio.core.tokenizer.EncodeOptions;
import org.embeddingstudio.core.tokenizer.Encoding;
import org.embeddingstudio.core.tokenizer.ReadableToken;
import org.embeddingstudio.core.tokenizer.Tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * The Tokenize tool window: one sentence tokenized by every embedding's tokenizer, side by side, each token with
 * where its row comes from (pretrained, copied, FVT, random, trained…), and each tokenizer's fertility.
 *
 * <p>Encoding one sentence takes microseconds, so it happens as the user types, on the UI thread; the text is capped
 * at {@link #MAX_CHARACTERS} so a pasted book cannot stall the window.
 */
public final class TokenizeViewModel {
    static final int MAX_CHARACTERS = 2_000;
    private static final EncodeOptions NO_SPECIALS = EncodeOptions.defaults().withSpecialTokens(false);

    /**
     * One token of a tokenization: as the vocabulary spells it, as people read it ({@code ␣für} for
     * {@code ĠfÃ¼r}), its id, and where its embedding row comes from.
     */
    public record Piece(String token, String readable, int id, RowOrigin origin) {
    }

    /** The sentence under one embedding's tokenizer. */
    public record Tokenization(String embedding, boolean active, List<Piece> pieces, double fertility) {
        public Tokenization {
            pieces = List.copyOf(pieces);
        }
    }

    private final WorkspaceViewModel workspace;
    private final StringProperty text = new SimpleStringProperty(
            "Die Forscher trainieren neue Einbettungen für ihre Sprache.");
    private final ObservableList<Tokenization> tokenizations = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper("");

    private final FontCoverage fonts;

    public TokenizeViewModel(WorkspaceViewModel workspace) {
        this(workspace, FontCoverage.ofThisDesktop());
    }

    /** @param fonts says which scripts this desktop cannot draw */
    public TokenizeViewModel(WorkspaceViewModel workspace, FontCoverage fonts) {
        this.workspace = workspace;
        this.fonts = fonts;
        text.addListener((o, old, value) -> tokenize());
        workspace.embeddings().addListener((ListChangeListener<EmbeddingInfo>) change -> tokenize());
        tokenize();
    }

    /** The sentence; every change re-tokenizes. */
    public StringProperty textProperty() {
        return text;
    }

    /** One entry per embedding that has a tokenizer, in the workspace's order. */
    public ObservableList<Tokenization> tokenizations() {
        return tokenizations;
    }

    /** Why nothing is shown, or that the text was cut. */
    public ReadOnlyStringProperty noteProperty() {
        return note.getReadOnlyProperty();
    }

    private void tokenize() {
        NamedEmbeddingsModel model = workspace.modelProperty().get();
        if (model == null) {
            tokenizations.clear();
            note.set("Open a model to tokenize with its embeddings' tokenizers.");
            return;
        }
        String sentence = text.get() == null ? "" : text.get();
        boolean cut = sentence.length() > MAX_CHARACTERS;
        if (cut) {
            sentence = sentence.substring(0, MAX_CHARACTERS);
        }
        long words = sentence.strip().isEmpty() ? 0 : sentence.strip().split("\\s+").length;
        List<Tokenization> result = new ArrayList<>();
        for (EmbeddingInfo info : workspace.embeddings()) {
            if (!model.hasEmbeddings(info.name())) {
                continue; // the list is about to be refreshed
            }
            EmbeddingSnapshot embedding = model.embedding(info.name());
            Tokenizer tokenizer = embedding.tokenizer().orElse(null);
            if (tokenizer == null) {
                continue;
            }
            Encoding encoding = tokenizer.encode(sentence, NO_SPECIALS);
            List<Piece> pieces = new ArrayList<>(encoding.length());
            for (int i = 0; i < encoding.length(); i++) {
                int id = (int) encoding.ids()[i];
                String token = encoding.tokens()[i];
                pieces.add(new Piece(token, ReadableToken.of(token, tokenizer.vocabulary().conventions()), id,
                        id < embedding.rows() ? embedding.rowOrigin(id) : RowOrigin.UNKNOWN));
            }
            result.add(new Tokenization(info.name(), info.active(), pieces,
                    words == 0 ? 0 : (double) pieces.size() / words));
        }
        tokenizations.setAll(result);
        String shown = cut ? "Only the first " + MAX_CHARACTERS + " characters are tokenized." : result.isEmpty()
                ? "No embedding has a tokenizer." : "";
        String fontAdvice = fonts.adviceFor(sentence);
        note.set(shown.isEmpty() || fontAdvice.isEmpty() ? shown + fontAdvice : shown + "\n" + fontAdvice);
    }
}
