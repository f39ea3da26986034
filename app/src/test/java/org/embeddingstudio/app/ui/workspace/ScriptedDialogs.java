package org.embeddingstudio.app.ui.workspace;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The user, scripted: each kind of question takes its answers, in order, from a queue of its own. A question with no
 * answer left fails the test, unless its kind was handed to {@link #otherwise} (UI tests: the real dialogs a headless
 * screen can show). Messages to acknowledge need no answer; they are kept in {@link #informed()}. UI code may ask on
 * the FX thread, where a failure does not reach the test, so {@link #assertAsScripted()} checks again afterwards.
 */
public final class ScriptedDialogs implements DialogService {
    public enum Question { CONFIRM, ASK_TO_SAVE, CHOOSE_FOLDER, CHOOSE_FILE_TO_SAVE, CHOOSE_FILE_TO_OPEN, CHOOSE_ONE,
        INFORM, ASK_TEXT }

    private final Map<Question, Queue<Object>> answers = new ConcurrentHashMap<>();
    private final Map<Question, Integer> asked = new ConcurrentHashMap<>();
    private final List<String> offered = new CopyOnWriteArrayList<>();
    private final List<String> informed = new CopyOnWriteArrayList<>();
    private final List<String> suggestedNames = new CopyOnWriteArrayList<>();
    private final List<String> unexpected = new CopyOnWriteArrayList<>();
    private DialogService otherwise;
    private Set<Question> otherwiseKinds = EnumSet.noneOf(Question.class);

    public ScriptedDialogs answerConfirm(boolean answer) {
        return script(Question.CONFIRM, answer);
    }

    public ScriptedDialogs answerAskToSave(UnsavedChanges.Choice answer) {
        return script(Question.ASK_TO_SAVE, answer);
    }

    /** Empty: the user cancelled the chooser. */
    public ScriptedDialogs answerChooseFolder(Optional<Path> answer) {
        return script(Question.CHOOSE_FOLDER, answer);
    }

    public ScriptedDialogs answerChooseFileToSave(Optional<Path> answer) {
        return script(Question.CHOOSE_FILE_TO_SAVE, answer);
    }

    public ScriptedDialogs answerChooseFileToOpen(Optional<Path> answer) {
        return script(Question.CHOOSE_FILE_TO_OPEN, answer);
    }

    /** An answer that is not among the choices offered fails the test: the user could not have picked it. */
    public ScriptedDialogs answerChooseOne(Optional<String> answer) {
        return script(Question.CHOOSE_ONE, answer);
    }

    public ScriptedDialogs answerAskText(Optional<String> answer) {
        return script(Question.ASK_TEXT, answer);
    }

    /** Questions of these kinds with no scripted answer go to {@code dialogs} instead of failing the test. */
    public ScriptedDialogs otherwise(DialogService dialogs, Question... kinds) {
        otherwise = dialogs;
        otherwiseKinds = kinds.length == 0 ? EnumSet.noneOf(Question.class) : EnumSet.of(kinds[0], kinds);
        return this;
    }

    /** How often a question of this kind was asked, answered by the script or not. */
    public int asked(Question kind) {
        return asked.getOrDefault(kind, 0);
    }

    /** The choice each chooseOne offered selected, in order. */
    public List<String> offered() {
        return offered;
    }

    /** The file name each chooseFileToSave suggested, in order. */
    public List<String> suggestedNames() {
        return suggestedNames;
    }

    public List<String> informed() {
        return informed;
    }

    /** Fails for every question that found no answer, and for scripted answers no question took. */
    public void assertAsScripted() {
        assertEquals(List.of(), unexpected, "questions nobody scripted an answer for");
        List<String> left = new ArrayList<>();
        answers.forEach((kind, queue) -> queue.forEach(answer -> left.add(kind + " " + answer)));
        assertEquals(List.of(), left, "scripted answers no question took");
    }

    @Override
    public boolean confirm(String title, String message) {
        return ask(Question.CONFIRM, title, () -> otherwise.confirm(title, message));
    }

    @Override
    public boolean confirm(String title, String message, String action) {
        return ask(Question.CONFIRM, title, () -> otherwise.confirm(title, message, action));
    }

    @Override
    public UnsavedChanges.Choice askToSave(String title, String message) {
        return ask(Question.ASK_TO_SAVE, title, () -> otherwise.askToSave(title, message));
    }

    @Override
    public Optional<Path> chooseFolder(String title) {
        return ask(Question.CHOOSE_FOLDER, title, () -> otherwise.chooseFolder(title));
    }

    @Override
    public Optional<Path> chooseFileToSave(String title, String suggestedName) {
        suggestedNames.add(suggestedName);
        return ask(Question.CHOOSE_FILE_TO_SAVE, title, () -> otherwise.chooseFileToSave(title, suggestedName));
    }

    @Override
    public Optional<Path> chooseFileToOpen(String title, String extension) {
        return ask(Question.CHOOSE_FILE_TO_OPEN, title, () -> otherwise.chooseFileToOpen(title, extension));
    }

    @Override
    public Optional<String> chooseOne(String title, String prompt, List<String> choices) {
        return chooseOne(title, prompt, choices, choices.get(0));
    }

    @Override
    public Optional<String> chooseOne(String title, String prompt, List<String> choices, String current) {
        offered.add(current);
        Optional<String> answer = ask(Question.CHOOSE_ONE, title,
                () -> otherwise.chooseOne(title, prompt, choices, current));
        if (answer.isPresent() && !choices.contains(answer.get())) {
            fail(unexpected(title + ": the scripted answer " + answer.get() + " is not among " + choices));
        }
        return answer;
    }

    @Override
    public void inform(String title, String message) {
        asked.merge(Question.INFORM, 1, Integer::sum);
        informed.add(message);
        if (otherwiseKinds.contains(Question.INFORM)) {
            otherwise.inform(title, message);
        }
    }

    @Override
    public Optional<String> askText(String title, String prompt, String initial) {
        return ask(Question.ASK_TEXT, title, () -> otherwise.askText(title, prompt, initial));
    }

    private ScriptedDialogs script(Question kind, Object answer) {
        answers.computeIfAbsent(kind, k -> new ConcurrentLinkedQueue<>()).add(answer);
        return this;
    }

    @SuppressWarnings("unchecked") // script(kind, …) takes only answers of the type that kind returns
    private <T> T ask(Question kind, String title, Supplier<T> otherwiseAnswer) {
        asked.merge(kind, 1, Integer::sum);
        Object answer = answers.getOrDefault(kind, new ConcurrentLinkedQueue<>()).poll();
        if (answer != null) {
            return (T) answer;
        }
        if (otherwiseKinds.contains(kind)) {
            return otherwiseAnswer.get();
        }
        return fail(unexpected(kind + " '" + title + "' with no answer scripted"));
    }

    private String unexpected(String question) {
        unexpected.add(question);
        return question;
    }
}
