package org.embeddingstudio.core.hub;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;

/**
 * One request to the Hub or its CDN: the headers every request carries (the token only to the endpoint's own
 * host), connection failures told apart from answers, and the Hub's error answers turned into messages that say
 * what to do.
 */
final class HubHttp {
    /** Redirects followed for one file, renamed repositories and the CDN's hops together. */
    static final int MAX_REDIRECTS = 10;

    /** The Hub could not be reached at all: no network, refused, timed out, unknown host. */
    static final class UnreachableException extends HubException {
        UnreachableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final HubSettings settings;
    private final HttpClient http;

    HubHttp(HubSettings settings, HttpClient http) {
        this.settings = settings;
        this.http = http;
    }

    HttpRequest.Builder request(URI uri, String method) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("User-Agent", "embedding-studio/0.1; java/" + Runtime.version().feature());
        if (settings.token().isPresent() && sameOrigin(uri, settings.endpoint())) {
            builder.header("Authorization", "Bearer " + settings.token().get());
        }
        return builder;
    }

    <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler, HubRepoId repo)
            throws IOException {
        try {
            return http.send(request, handler);
        } catch (ConnectException | HttpConnectTimeoutException | UnresolvedAddressException e) {
            throw unreachable(e);
        } catch (HttpTimeoutException e) {
            throw unreachable(e);
        } catch (IOException e) {
            if (e.getCause() instanceof UnresolvedAddressException || e.getCause() instanceof ConnectException) {
                throw unreachable(e);
            }
            throw new UnreachableException(repo + ": the connection to " + request.uri().getHost() + " failed: "
                    + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubDownloadCancelledException(repo + ": the download was interrupted");
        }
    }

    private UnreachableException unreachable(Exception e) {
        return new UnreachableException("cannot reach " + settings.endpoint() + " ("
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")", e);
    }

    /** Turns the Hub's error answers into messages that say what to do, by status and X-Error-Code. */
    void failUnlessSuccess(HttpResponse<?> response, HubRepoId repo, String file) throws HubException {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        String code = response.headers().firstValue("X-Error-Code").orElse("");
        String page = settings.endpoint() + "/" + repo.id();
        if ("RevisionNotFound".equals(code)) {
            throw new HubNotFoundException(repo.id() + ": no such revision '" + repo.revision() + "' (" + status
                    + "); give an existing branch, tag or commit");
        }
        if ("EntryNotFound".equals(code) || (status == 404 && file != null && code.isEmpty())) {
            throw new HubNotFoundException(repo + ": no such file '" + file + "' in the repository (" + status + ")");
        }
        if ("GatedRepo".equals(code) || status == 403) {
            throw new HubAccessDeniedException(status, repo.id() + ": gated or private model, access denied ("
                    + status + "). Accept its conditions at " + page + " with the account whose token is in HF_TOKEN"
                    + (settings.token().isPresent() ? "; the token sent has no access yet"
                    : "; no token was sent: create one at " + settings.endpoint() + "/settings/tokens and set "
                    + "HF_TOKEN (or run 'huggingface-cli login')"));
        }
        if (status == 401) {
            throw new HubAccessDeniedException(status, settings.token().isPresent()
                    ? repo.id() + ": the Hub refused access (401): no such repository, or the token in HF_TOKEN is "
                    + "invalid or has no access to this private model"
                    : repo.id() + ": no such repository, or it is gated or private (401). For a gated or private "
                    + "model set HF_TOKEN to a token from " + settings.endpoint() + "/settings/tokens (or run "
                    + "'huggingface-cli login')");
        }
        if (status == 404) {
            throw new HubNotFoundException(repo.id() + ": no such repository on " + settings.endpoint() + " (404)");
        }
        throw new HubException(repo + (file == null ? "" : " " + file) + ": the Hub answered " + status
                + (status == 429 ? " (too many requests: wait and try again)"
                : status >= 500 ? " (a server error: try again later)" : ""));
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null
                && a.getHost().toLowerCase(Locale.ROOT).equals(b.getHost().toLowerCase(Locale.ROOT))
                && effectivePort(a) == effectivePort(b);
    }

    private static int effectivePort(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
