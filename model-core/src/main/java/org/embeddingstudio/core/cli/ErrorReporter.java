package org.embeddingstudio.core.cli;

import org.embeddingstudio.core.io.FileFormatException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * Turns a failed command into one readable line on stderr and exit code 1. The core's exceptions already name the
 * file and the problem, so their messages are shown as they are; a stack trace only with {@code --verbose}.
 */
final class ErrorReporter implements IExecutionExceptionHandler {
    static final int BAD_INPUT = 1;
    private final boolean verbose;

    ErrorReporter(boolean verbose) {
        this.verbose = verbose;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        err.println("error: " + describe(e));
        if (verbose) {
            e.printStackTrace(err);
        } else if (!expected(e)) {
            err.println("(run again with --verbose for the stack trace)");
        }
        err.flush();
        return BAD_INPUT;
    }

    static String describe(Throwable e) {
        if (e instanceof UncheckedIOException unchecked) {
            return describe(unchecked.getCause());
        }
        if (e instanceof NoSuchFileException missing) {
            return missing.getFile() + ": no such file or folder";
        }
        if (e instanceof AccessDeniedException denied) {
            return denied.getFile() + ": permission denied";
        }
        if (e instanceof FileSystemException fs) {
            return fs.getFile() + ": " + (fs.getReason() == null ? e.getClass().getSimpleName() : fs.getReason());
        }
        if (e instanceof FileFormatException || e instanceof InputException || e instanceof IOException
                || e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
            return e.getMessage() == null ? e.toString() : e.getMessage();
        }
        return e.toString();
    }

    /** Failures a user causes and can fix from the message alone; anything else may be a bug worth a trace. */
    private static boolean expected(Throwable e) {
        return e instanceof IOException || e instanceof UncheckedIOException || e instanceof InputException
                || e instanceof IllegalArgumentException;
    }
}
