package org.embeddingstudio.core.hub;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where the Hub is and what a download may do, read from the variables {@code huggingface_hub} reads, so that a
 * model fetched here and one fetched by Python share one cache: {@code HF_ENDPOINT} (a mirror),
 * {@code HF_HUB_CACHE}/{@code HF_HOME} (the cache), {@code HF_TOKEN} or the token file {@code huggingface-cli login}
 * writes (gated and private models), {@code HF_HUB_OFFLINE} (never touch the network).
 *
 * @param endpoint the Hub or a mirror, without a trailing slash
 * @param cacheRoot the {@code hub} cache folder holding {@code models--owner--name} folders
 * @param token the access token sent to the endpoint, if any
 * @param offline whether to answer from the cache only
 */
public record HubSettings(URI endpoint, Path cacheRoot, Optional<String> token, boolean offline) {
    public static final URI DEFAULT_ENDPOINT = URI.create("https://huggingface.co");
    private static final Set<String> TRUE_VALUES = Set.of("1", "on", "yes", "true");

    public HubSettings {
        String text = endpoint.toString();
        endpoint = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        token = token.map(String::strip).filter(t -> !t.isEmpty());
    }

    /** The settings of this process's environment. */
    public static HubSettings fromSystem() {
        return fromEnvironment(System.getenv());
    }

    /** The settings an environment gives, as {@code huggingface_hub} reads them. */
    public static HubSettings fromEnvironment(Map<String, String> environment) {
        String endpoint = environment.get("HF_ENDPOINT");
        URI uri = endpoint == null || endpoint.isBlank() ? DEFAULT_ENDPOINT : URI.create(endpoint.strip());
        return new HubSettings(uri, HuggingFaceCache.fromEnvironment(environment).root(), token(environment),
                isTrue(environment.get("HF_HUB_OFFLINE")));
    }

    public HubSettings withOffline(boolean offlineNow) {
        return new HubSettings(endpoint, cacheRoot, token, offlineNow);
    }

    public HubSettings withToken(String newToken) {
        return new HubSettings(endpoint, cacheRoot, Optional.ofNullable(newToken), offline);
    }

    /** Token precedence of huggingface_hub: HF_TOKEN, then the file HF_TOKEN_PATH names, then HF_HOME/token. */
    private static Optional<String> token(Map<String, String> environment) {
        String token = environment.get("HF_TOKEN");
        if (token != null && !token.isBlank()) {
            return Optional.of(token.strip());
        }
        String tokenPath = environment.get("HF_TOKEN_PATH");
        Path file;
        if (tokenPath != null && !tokenPath.isBlank()) {
            file = Path.of(tokenPath);
        } else {
            String home = environment.get("HF_HOME");
            String xdg = environment.get("XDG_CACHE_HOME");
            Path base = home != null && !home.isBlank() ? Path.of(home)
                    : (xdg != null && !xdg.isBlank() ? Path.of(xdg)
                            : Path.of(System.getProperty("user.home"), ".cache"))
                    .resolve("huggingface");
            file = base.resolve("token");
        }
        try {
            return Files.isRegularFile(file)
                    ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip()).filter(t -> !t.isEmpty())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean isTrue(String value) {
        return value != null && TRUE_VALUES.contains(value.strip().toLowerCase(Locale.ROOT));
    }
}
