package org.embeddingstudio.core.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.embeddingstudio.core.io.FileFormatException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a GPT-2 / RoBERTa {@code vocab.json} + {@code merges.txt} pair into the tokenizer.json Hugging Face's
 * converters build: byte-level BPE with a ByteLevel pre-tokenizer and decoder, and RoBERTa's post-processor when the
 * vocabulary has {@code <s>}/{@code </s>}. A vocabulary whose pieces end in {@code </w>} is CLIP's and gets CLIP's
 * normalizer and splitting rule. A vocabulary and merges held in memory (a trained byte-level BPE) become the same
 * document, with the special tokens the caller names.
 */
final class ByteLevelBpeDocumentBuilder {
    private static final String CLIP_WORD_END = "</w>";
    private static final String CLIP_SPLIT = "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d"
            + "|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+";

    private ByteLevelBpeDocumentBuilder() {
    }

    /** Builds the document; fills in the model family's default special tokens in {@code settings}. */
    static ObjectNode build(Path vocabFile, Path mergesFile, TokenizerSettings settings) throws IOException {
        List<String> tokens = ModelVocabularyReader.tokensById(vocabFile,
                TokenizerDocumentReader.parseObject(vocabFile, "must be an object mapping each token to its id"),
                "the vocabulary");
        Map<String, Integer> modelIds = ids(tokens);
        boolean clip = tokens.stream().filter(t -> t != null && t.endsWith(CLIP_WORD_END)).count()
                > modelIds.size() / 4;
        ArrayNode merges = readMerges(mergesFile, new HashSet<>(tokens));
        defaultRoles(settings, modelIds, clip);
        return document(tokens, modelIds, merges, settings, clip);
    }

    /**
     * Builds the document of a GPT-2-style byte-level BPE held in memory, such as a freshly trained one: tokens by id,
     * merges as {@code "left right"}. Special tokens and their roles come from {@code settings} alone; no defaults are
     * filled in, so no token the vocabulary lacks is added. {@code source} only names it in messages.
     */
    static ObjectNode build(Path source, List<String> tokens, List<String> merges, TokenizerSettings settings)
            throws FileFormatException {
        Map<String, Integer> modelIds = ids(tokens);
        if (modelIds.size() != tokens.size()) {
            throw new FileFormatException(source, "the vocabulary repeats a token or leaves an id without one");
        }
        ArrayNode mergeList = TokenizerJson.MAPPER.createArrayNode();
        for (int i = 0; i < merges.size(); i++) {
            String[] pair = merges.get(i).split(" ", -1);
            if (pair.length != 2 || pair[0].isEmpty() || pair[1].isEmpty()) {
                throw new FileFormatException(source, "merge " + i + " must be two tokens separated by one space, "
                        + "found '" + merges.get(i) + "'");
            }
            ModelVocabularyReader.checkMerge(source, "merge " + i, pair, modelIds.keySet(), 0);
            mergeList.add(merges.get(i));
        }
        return document(tokens, modelIds, mergeList, settings, false);
    }

    private static Map<String, Integer> ids(List<String> tokens) {
        Map<String, Integer> modelIds = HashMap.newHashMap(tokens.size());
        for (int id = 0; id < tokens.size(); id++) {
            if (tokens.get(id) != null) { // an id the vocab.json leaves without a token
                modelIds.put(tokens.get(id), id);
            }
        }
        return modelIds;
    }

    private static ObjectNode document(List<String> tokens, Map<String, Integer> modelIds, ArrayNode merges,
                                       TokenizerSettings settings, boolean clip) throws FileFormatException {
        Map<String, Integer> specialIds = new LinkedHashMap<>();
        ArrayNode added = AddedTokenJson.forVocabularyFile(modelIds, settings, specialIds);
        boolean addPrefixSpace = settings.flag("add_prefix_space", false);

        ObjectNode document = TokenizerJson.MAPPER.createObjectNode();
        document.put("version", "1.0");
        document.putNull("truncation");
        document.putNull("padding");
        document.set("added_tokens", added);
        document.set("normalizer", clip ? clipNormalizer() : document.nullNode());
        ObjectNode byteLevel = byteLevel(clip ? false : addPrefixSpace, true);
        if (clip) {
            ObjectNode sequence = document.putObject("pre_tokenizer");
            sequence.put("type", "Sequence");
            ObjectNode split = sequence.putArray("pretokenizers").addObject();
            split.put("type", "Split");
            split.putObject("pattern").put("Regex", CLIP_SPLIT);
            split.put("behavior", "Removed");
            split.put("invert", true);
            ((ArrayNode) sequence.get("pretokenizers")).add(byteLevel);
        } else {
            document.set("pre_tokenizer", byteLevel);
        }
        String cls = settings.roles.get(clip ? SpecialTokenRole.BOS : SpecialTokenRole.CLS);
        String sep = settings.roles.get(clip ? SpecialTokenRole.EOS : SpecialTokenRole.SEP);
        if (cls != null && sep != null) {
            document.set("post_processor", Templates.roberta(cls, specialIds.get(cls), sep, specialIds.get(sep),
                    !clip && settings.flag("trim_offsets", true), !clip && addPrefixSpace));
        } else {
            ObjectNode processor = byteLevel(true, false);
            document.set("post_processor", processor);
        }
        document.set("decoder", byteLevel(true, true));
        ObjectNode model = document.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        String unk = settings.roles.get(SpecialTokenRole.UNK);
        if (clip && unk != null && modelIds.containsKey(unk)) {
            model.put("unk_token", unk); // only CLIP's converter gives the BPE model an unknown token
        } else {
            model.putNull("unk_token");
        }
        model.put("continuing_subword_prefix", "");
        model.put("end_of_word_suffix", clip ? CLIP_WORD_END : "");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        ObjectNode vocab = model.putObject("vocab");
        for (int id = 0; id < tokens.size(); id++) {
            if (tokens.get(id) != null) {
                vocab.put(tokens.get(id), id);
            }
        }
        model.set("merges", merges);
        return document;
    }

    /** Merges, one "left right" pair a line; a first line starting with "#version" is a header. */
    private static ArrayNode readMerges(Path mergesFile, Set<String> known) throws IOException {
        List<String> lines = Utf8Lines.read(mergesFile);
        ArrayNode merges = TokenizerJson.MAPPER.createArrayNode();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty() || (i == 0 && line.startsWith("#version"))) {
                continue;
            }
            String[] pair = line.split(" ", -1);
            if (pair.length != 2 || pair[0].isEmpty() || pair[1].isEmpty()) {
                throw new FileFormatException(mergesFile, "line " + (i + 1) + " must be two tokens separated by "
                        + "one space, found '" + line + "'");
            }
            ModelVocabularyReader.checkMerge(mergesFile, "line " + (i + 1), pair, known, 0);
            merges.add(line);
        }
        return merges;
    }

    /** The special tokens of RoBERTa, CLIP or GPT-2, chosen by what the vocabulary holds. */
    private static void defaultRoles(TokenizerSettings settings, Map<String, Integer> modelIds, boolean clip) {
        Map<SpecialTokenRole, String> defaults = new LinkedHashMap<>();
        if (clip) {
            defaults.put(SpecialTokenRole.BOS, "<|startoftext|>");
            defaults.put(SpecialTokenRole.EOS, "<|endoftext|>");
            defaults.put(SpecialTokenRole.UNK, "<|endoftext|>");
            defaults.put(SpecialTokenRole.PAD, "<|endoftext|>");
        } else if (modelIds.containsKey("<s>") && modelIds.containsKey("</s>")) {
            defaults.put(SpecialTokenRole.BOS, "<s>");
            defaults.put(SpecialTokenRole.EOS, "</s>");
            defaults.put(SpecialTokenRole.SEP, "</s>");
            defaults.put(SpecialTokenRole.CLS, "<s>");
            defaults.put(SpecialTokenRole.UNK, "<unk>");
            defaults.put(SpecialTokenRole.PAD, "<pad>");
            defaults.put(SpecialTokenRole.MASK, "<mask>");
        } else {
            defaults.put(SpecialTokenRole.BOS, "<|endoftext|>");
            defaults.put(SpecialTokenRole.EOS, "<|endoftext|>");
            defaults.put(SpecialTokenRole.UNK, "<|endoftext|>");
        }
        defaults.forEach(settings.roles::putIfAbsent);
    }

    private static JsonNode clipNormalizer() {
        ObjectNode normalizer = TokenizerJson.MAPPER.createObjectNode();
        normalizer.put("type", "Sequence");
        ArrayNode steps = normalizer.putArray("normalizers");
        steps.addObject().put("type", "NFC");
        ObjectNode replace = steps.addObject();
        replace.put("type", "Replace");
        replace.putObject("pattern").put("Regex", "\\s+");
        replace.put("content", " ");
        steps.addObject().put("type", "Lowercase");
        return normalizer;
    }

    private static ObjectNode byteLevel(boolean addPrefixSpace, boolean trimOffsets) {
        ObjectNode node = TokenizerJson.MAPPER.createObjectNode();
        node.put("type", "ByteLevel");
        node.put("add_prefix_space", addPrefixSpace);
        node.put("trim_offsets", trimOffsets);
        node.put("use_regex", true);
        return node;
    }
}
