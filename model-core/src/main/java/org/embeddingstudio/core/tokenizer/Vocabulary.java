package org.embeddingstudio.core.tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The token strings of a tokenizer and their ids, exactly as Hugging Face's {@code tokenizer.get_vocab()} returns
 * them: the model vocabulary plus the added tokens. Vocabularies are matched by exact token string (AdapterHub
 * {@code adapters} intersects {@code set(tok.get_vocab())} with a reference vocabulary), so nothing here is
 * normalised.
 *
 * <p>Ids are those of the file, never renumbered, because they index the rows of the model's embedding matrix. Most
 * vocabularies are dense, but real ones may leave ids without a token (roberta-base's {@code vocab.json} has no
 * 50261–50263; a {@code vocab.txt} that repeats a line keeps only the later id): {@link #size()} is then still the
 * largest id + 1, {@link #token(int)} is {@code null} for such an id, {@link #missingIds()} lists them and
 * {@link #label(int)} names them for display. Two tokens sharing one id are rejected: they would share a row.
 *
 * <p>Immutable and thread-safe.
 */
public final class Vocabulary {
    private final String[] tokensById;
    private final Map<String, Integer> idsByToken;
    private final int modelSize;
    private final int[] missingIds;
    private final Set<String> addedTokens;
    private final Set<String> specialTokenStrings;
    private final Map<SpecialTokenRole, String> specialTokens;
    private final SubwordConventions conventions;

    private Vocabulary(Builder builder) {
        this.conventions = builder.conventions;
        this.modelSize = builder.modelTokens.size();
        int size = modelSize;
        for (AddedToken token : builder.addedTokens) {
            if (token.id < 0) {
                throw new IllegalArgumentException("added token '" + token.content + "' has the negative id "
                        + token.id);
            }
            size = Math.max(size, token.id + 1);
        }
        this.tokensById = new String[size];
        Map<String, Integer> ids = HashMap.newHashMap(size);
        Set<String> added = new LinkedHashSet<>();
        Set<String> special = new LinkedHashSet<>();
        for (int id = 0; id < modelSize; id++) {
            String token = builder.modelTokens.get(id);
            if (token != null) {
                put(ids, token, id);
            }
        }
        for (AddedToken token : builder.addedTokens) {
            put(ids, token.content, token.id);
            added.add(token.content);
        }
        this.missingIds = IntStream.range(0, size).filter(id -> tokensById[id] == null).toArray();
        for (String token : builder.specialInModel) {
            if (!ids.containsKey(token)) {
                throw new IllegalArgumentException("special token '" + token + "' is not in the vocabulary");
            }
            special.add(token);
        }
        for (AddedToken token : builder.addedTokens) {
            if (token.special) {
                special.add(token.content);
            }
        }
        EnumMap<SpecialTokenRole, String> roles = new EnumMap<>(SpecialTokenRole.class);
        for (Map.Entry<SpecialTokenRole, String> role : builder.roles.entrySet()) {
            if (!ids.containsKey(role.getValue())) {
                throw new IllegalArgumentException("the " + role.getKey().configKey() + " '" + role.getValue()
                        + "' is not in the vocabulary");
            }
            roles.put(role.getKey(), role.getValue());
            special.add(role.getValue());
        }
        this.idsByToken = Collections.unmodifiableMap(ids);
        this.addedTokens = Collections.unmodifiableSet(added);
        this.specialTokenStrings = Collections.unmodifiableSet(special);
        this.specialTokens = Collections.unmodifiableMap(roles);
    }

    private void put(Map<String, Integer> ids, String token, int id) {
        if (tokensById[id] != null) {
            throw new IllegalArgumentException("id " + id + " is used by both '" + tokensById[id] + "' and '"
                    + token + "'");
        }
        Integer previous = ids.putIfAbsent(token, id);
        if (previous != null) {
            throw new IllegalArgumentException("token '" + token + "' has two ids, " + previous + " and " + id);
        }
        tokensById[id] = token;
    }

    /** Starts a vocabulary whose tokens follow {@code conventions}. */
    public static Builder builder(SubwordConventions conventions) {
        return new Builder(conventions);
    }

    /**
     * Number of ids, added tokens included: the largest id + 1 (ids without a token count too), which is
     * {@code len(tokenizer)} in Hugging Face for a vocabulary without gaps.
     */
    public int size() {
        return tokensById.length;
    }

    /**
     * The ids of the subword model itself are {@code [0, modelSize())} (the largest model id + 1); added tokens
     * normally follow, but may also take an id the model leaves without a token.
     */
    public int modelSize() {
        return modelSize;
    }

    /** Number of ids that have a token: {@link #size()} minus the ids without one. */
    public int tokenCount() {
        return idsByToken.size();
    }

    /** Whether {@code id} is in {@code [0, size())} and has a token. */
    public boolean hasToken(int id) {
        return id >= 0 && id < tokensById.length && tokensById[id] != null;
    }

    /** The ids in {@code [0, size())} that have no token, ascending; empty for a dense vocabulary. */
    public int[] missingIds() {
        return missingIds.clone();
    }

    /** Whether some id in {@code [0, size())} has no token. */
    public boolean hasGaps() {
        return missingIds.length > 0;
    }

    /**
     * The token with id {@code id} for display: the token itself, or {@link #noTokenLabel(int)} for an id without
     * one (inside the vocabulary's gaps or past its end, such as an embedding's padding rows).
     */
    public String label(int id) {
        return hasToken(id) ? tokensById[id] : noTokenLabel(id);
    }

    /** {@link #label} as people read it ({@link ReadableToken}): {@code ␣the} for {@code Ġthe}. */
    public String readableLabel(int id) {
        return hasToken(id) ? ReadableToken.of(tokensById[id], conventions) : noTokenLabel(id);
    }

    /** How an id or embedding row without a token is shown: {@code ⟨no token: id 50261⟩}. */
    public static String noTokenLabel(int id) {
        return "\u27e8no token: id " + id + "\u27e9";
    }

    /** Whether {@code token} (exact string) has an id. */
    public boolean contains(String token) {
        return idsByToken.containsKey(token);
    }

    /** The id of {@code token} (exact string), or empty when it is not in this vocabulary. */
    public OptionalInt id(String token) {
        Integer id = idsByToken.get(token);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /**
     * The token with id {@code id}, or {@code null} when the vocabulary has no token with that id (see
     * {@link #missingIds()}; {@link #label(int)} never returns {@code null}).
     *
     * @throws IndexOutOfBoundsException when {@code id} is not in {@code [0, size())}
     */
    public String token(int id) {
        Objects.checkIndex(id, tokensById.length);
        return tokensById[id];
    }

    /**
     * All tokens ordered by id; element {@code i} is the token with id {@code i}, {@code null} for an id without a
     * token.
     */
    public List<String> tokens() {
        return Collections.unmodifiableList(Arrays.asList(tokensById));
    }

    /** Token → id for every token, like Hugging Face's {@code get_vocab()}. */
    public Map<String, Integer> asMap() {
        return idsByToken;
    }

    /** Tokens from the file's {@code added_tokens} that the subword model does not know itself. */
    public Set<String> addedTokens() {
        return addedTokens;
    }

    /** Every special token: those with a {@link SpecialTokenRole} and every added token flagged special. */
    public Set<String> specialTokenStrings() {
        return specialTokenStrings;
    }

    /** Whether {@code token} is a special token (see {@link #specialTokenStrings()}). */
    public boolean isSpecial(String token) {
        return specialTokenStrings.contains(token);
    }

    /** Special tokens by role; roles the tokenizer does not define are absent. */
    public Map<SpecialTokenRole, String> specialTokens() {
        return specialTokens;
    }

    /** The token with {@code role}, or {@code null} when the tokenizer defines none. */
    public String specialToken(SpecialTokenRole role) {
        return specialTokens.get(role);
    }

    /** The id of the token with {@code role}, or empty when the tokenizer defines none. */
    public OptionalInt specialTokenId(SpecialTokenRole role) {
        String token = specialTokens.get(role);
        return token == null ? OptionalInt.empty() : id(token);
    }

    /** The subword model. */
    public TokenizerKind kind() {
        return conventions.kind();
    }

    /** How this vocabulary spells word pieces. */
    public SubwordConventions conventions() {
        return conventions;
    }

    @Override
    public String toString() {
        return "Vocabulary[" + conventions.kind() + ", size=" + size() + ", added=" + addedTokens.size()
                + (missingIds.length == 0 ? "" : ", ids without a token=" + missingIds.length) + "]";
    }

    private record AddedToken(String content, int id, boolean special) {
    }

    /**
     * Collects tokens for a {@link Vocabulary}. Model tokens get ids in the order they are added ({@link #skipModelId}
     * leaves one without a token); added tokens carry their own ids, which must be free.
     */
    public static final class Builder {
        private final SubwordConventions conventions;
        private final List<String> modelTokens = new ArrayList<>();
        private final List<AddedToken> addedTokens = new ArrayList<>();
        private final Set<String> specialInModel = new LinkedHashSet<>();
        private final EnumMap<SpecialTokenRole, String> roles = new EnumMap<>(SpecialTokenRole.class);

        private Builder(SubwordConventions conventions) {
            this.conventions = Objects.requireNonNull(conventions, "conventions");
        }

        /** Appends a model token; its id is the number of model tokens added before it. */
        public Builder addModelToken(String token) {
            modelTokens.add(Objects.requireNonNull(token, "token"));
            return this;
        }

        /** Leaves the next model id without a token, as a vocabulary file with a gap in its ids does. */
        public Builder skipModelId() {
            modelTokens.add(null);
            return this;
        }

        /** Marks a token that the model already has as special (an {@code added_tokens} entry reusing its id). */
        public Builder markSpecial(String token) {
            specialInModel.add(Objects.requireNonNull(token, "token"));
            return this;
        }

        /** Adds a token beyond the model vocabulary with the given id. */
        public Builder addAddedToken(String token, int id, boolean special) {
            addedTokens.add(new AddedToken(Objects.requireNonNull(token, "token"), id, special));
            return this;
        }

        /** Gives {@code token} the special role {@code role}; the token must be in the finished vocabulary. */
        public Builder specialToken(SpecialTokenRole role, String token) {
            roles.put(Objects.requireNonNull(role, "role"), Objects.requireNonNull(token, "token"));
            return this;
        }

        /** Number of model ids so far (skipped ones included), which is the id the next model token will get. */
        public int modelSize() {
            return modelTokens.size();
        }

        /**
         * Builds the vocabulary.
         *
         * @throws IllegalArgumentException when a token or id occurs twice, an id is negative, or a role names a
         *                                  token that is not in the vocabulary
         */
        public Vocabulary build() {
            return new Vocabulary(this);
        }
    }
}
