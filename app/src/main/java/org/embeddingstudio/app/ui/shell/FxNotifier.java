package org.embeddingstudio.app.ui.shell;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.TextArea;
import javafx.stage.Window;
import org.embeddingstudio.app.ui.workspace.Notifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;

/** Shows errors as a dialog with the readable message and the stack trace on demand; logs them too. */
public final class FxNotifier implements Notifier {
    private static final Logger LOG = LoggerFactory.getLogger(FxNotifier.class);
    private final Supplier<Window> owner;

    public FxNotifier(Supplier<Window> owner) {
        this.owner = owner;
    }

    @Override
    public void error(String title, Throwable error) {
        LOG.warn(title, error);
        if (error instanceof CancellationException) {
            return; // the user asked for it; the Event Log says so
        }
        Alert alert = new Alert(Alert.AlertType.ERROR, readable(error), ButtonType.OK);
        alert.initOwner(owner.get());
        alert.setTitle(title);
        alert.setHeaderText(title);
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        TextArea details = new TextArea(trace.toString());
        details.setEditable(false);
        alert.getDialogPane().setExpandableContent(details);
        alert.show();
    }

    @Override
    public void info(String message) {
        LOG.info(message);
    }

    static String readable(Throwable error) {
        Throwable cause = error;
        while (cause.getMessage() == null && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
