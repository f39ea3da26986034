package org.embeddingstudio.core.hub;

import org.embeddingstudio.core.task.CancellationToken;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The last step of {@link HubProtocol}: a file's content fetched from where its metadata points, resumed with
 * {@code Range: bytes=N-} after a break or a stall, and cancellable while a read blocks.
 */
final class HubTransfer {
    private static final Duration TRANSFER_HEADERS_TIMEOUT = Duration.ofSeconds(30);
    private static final int TRANSFER_ATTEMPTS = 5;
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(60);
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "hub-download-watchdog");
        thread.setDaemon(true);
        return thread;
    });
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    private final HubHttp http;
    private final long retryPauseMillis;

    HubTransfer(HubHttp http, long retryPauseMillis) {
        this.http = http;
        this.retryPauseMillis = retryPauseMillis;
    }

    /**
     * Fetches {@code location} into {@code incomplete}, continuing from the bytes already there. A connection that
     * drops mid-file is resumed with a Range request (a few times, as long as bytes keep arriving); a server that
     * ignores the Range gets the whole file again.
     */
    void fetch(HubRepoId repo, String file, URI location, Path incomplete, long expectedSize,
               LongConsumer progress, CancellationToken cancel) throws IOException {
        Files.createDirectories(incomplete.getParent());
        int attemptsLeft = TRANSFER_ATTEMPTS;
        while (true) {
            long have = Files.exists(incomplete) ? Files.size(incomplete) : 0;
            if (expectedSize >= 0 && have > expectedSize) {
                Files.write(incomplete, new byte[0]);
                have = 0;
            }
            if (expectedSize >= 0 && have == expectedSize) {
                return;
            }
            checkCancelled(cancel, file);
            try {
                download(repo, file, location, incomplete, have, progress, cancel);
                long now = Files.size(incomplete);
                if (expectedSize < 0 || now >= expectedSize) {
                    return;
                }
                throw new TransferInterruptedException(new IOException("the body ended after " + now + " of "
                        + expectedSize + " bytes"));
            } catch (HubHttp.UnreachableException | TransferInterruptedException e) {
                long now = Files.exists(incomplete) ? Files.size(incomplete) : 0;
                attemptsLeft = now > have ? TRANSFER_ATTEMPTS : attemptsLeft - 1;
                if (attemptsLeft <= 0) {
                    throw new HubException(repo + ": the download of " + file + " keeps failing ("
                            + e.getCause() + "); " + now + " bytes are kept and the next download resumes them", e);
                }
                pause(cancel, file);
            }
        }
    }

    /** One GET appending to {@code incomplete}; TransferInterruptedException when the stream broke. */
    private void download(HubRepoId repo, String file, URI location, Path incomplete, long have,
                             LongConsumer progress, CancellationToken cancel) throws IOException {
        URI uri = location;
        HttpResponse<InputStream> response = null;
        for (int hop = 0; hop <= HubHttp.MAX_REDIRECTS; hop++) {
            HttpRequest.Builder get = http.request(uri, "GET").header("Accept-Encoding", "identity")
                    .timeout(TRANSFER_HEADERS_TIMEOUT);
            if (have > 0) {
                get.header("Range", "bytes=" + have + "-");
            }
            response = http.send(get.build(), HttpResponse.BodyHandlers.ofInputStream(), repo);
            Optional<String> next = response.headers().firstValue("Location");
            if (response.statusCode() >= 300 && response.statusCode() < 400 && next.isPresent()) {
                response.body().close();
                uri = uri.resolve(next.get());
                continue;
            }
            break;
        }
        int status = response.statusCode();
        long offset;
        if (status == 206) {
            offset = rangeStart(response).orElse(-1L);
            if (offset != have) {
                // A range we did not ask for: start over rather than splice wrong bytes.
                response.body().close();
                Files.write(incomplete, new byte[0]);
                throw new TransferInterruptedException(new IOException("unexpected Content-Range"));
            }
        } else if (status == 416 && have > 0) {
            response.body().close();
            Files.write(incomplete, new byte[0]);
            throw new TransferInterruptedException(new IOException("range not satisfiable, starting over"));
        } else if (status >= 200 && status < 300) {
            offset = 0;
        } else {
            try (InputStream ignored = response.body()) {
                http.failUnlessSuccess(response, repo, file);
            }
            throw new HubException(repo + " " + file + ": the Hub answered " + status);
        }
        StandardOpenOption mode = offset == 0 ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND;
        long done = offset;
        byte[] buffer = new byte[1 << 16];
        AtomicLong lastData = new AtomicLong(System.nanoTime());
        AtomicBoolean stalled = new AtomicBoolean();
        InputStream body = response.body();
        // A read blocks until data comes; closing the stream is the only way to end it, on cancel or on a stall.
        ScheduledFuture<?> watchdog = WATCHDOG.scheduleWithFixedDelay(() -> {
            boolean stall = System.nanoTime() - lastData.get() > STALL_TIMEOUT.toNanos();
            if (cancel.isCancelled() || stall) {
                stalled.set(stall);
                closeQuietly(body);
            }
        }, 200, 200, TimeUnit.MILLISECONDS);
        try (InputStream in = body;
             OutputStream out = Files.newOutputStream(incomplete, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     mode)) {
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (IOException e) {
                    checkCancelled(cancel, file);
                    throw new TransferInterruptedException(stalled.get()
                            ? new IOException("no data for " + STALL_TIMEOUT.toSeconds() + " s", e) : e);
                }
                if (n < 0) {
                    break;
                }
                lastData.set(System.nanoTime());
                out.write(buffer, 0, n);
                done += n;
                progress.accept(done);
                if (cancel.isCancelled()) {
                    out.flush();
                    checkCancelled(cancel, file);
                }
            }
        } finally {
            watchdog.cancel(false);
        }
        checkCancelled(cancel, file);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // Closing only ends a read that waits; a failure to close changes nothing for the caller.
        }
    }

    /** The body stopped before its end; what arrived is on disk and the transfer can resume. */
    private static final class TransferInterruptedException extends HubException {
        TransferInterruptedException(IOException cause) {
            super(cause.toString(), cause);
        }
    }

    private void checkCancelled(CancellationToken cancel, String file) throws HubDownloadCancelledException {
        if (cancel.isCancelled()) {
            throw new HubDownloadCancelledException(file + ": download cancelled; the part fetched is kept and "
                    + "the next download resumes it");
        }
    }

    private void pause(CancellationToken cancel, String file) throws HubDownloadCancelledException {
        try {
            Thread.sleep(retryPauseMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubDownloadCancelledException(file + ": download interrupted");
        }
        checkCancelled(cancel, file);
    }

    private static Optional<Long> rangeStart(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Range").map(CONTENT_RANGE::matcher).filter(Matcher::matches)
                .map(m -> Long.parseLong(m.group(1)));
    }
}
