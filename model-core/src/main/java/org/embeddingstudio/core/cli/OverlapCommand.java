package org.embeddingstudio.core.cli;

import org.embeddingstudio.core.overlap.CorpusCounter;
import org.embeddingstudio.core.overlap.CorpusCoverage;
import org.embeddingstudio.core.overlap.MatchMode;
import org.embeddingstudio.core.overlap.MatchOptions;
import org.embeddingstudio.core.overlap.NumberSplitting;
import org.embeddingstudio.core.overlap.OverlapBreakdown;
import org.embeddingstudio.core.overlap.VocabularyIntersections;
import org.embeddingstudio.core.overlap.VocabularyMatcher;
import org.embeddingstudio.core.overlap.VocabularyOverlap;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Says what two (or more) vocabularies share, and which rows initialising an embedding would copy. */
@Command(name = "overlap", mixinStandardHelpOptions = true,
        description = {"Compare the vocabulary of a new tokenizer A with a reference tokenizer B: shared tokens, "
                + "false friends (same string, different meaning), breakdowns and, with --corpus, how much of a "
                + "text would start from copied rows.",
                "With three or more tokenizers, also the sizes of all intersections."},
        footer = {"%nExamples:", "  embedding-studio overlap models/sibert models/bert-base-uncased",
                "  embedding-studio overlap bert clip --mode normalized --corpus alice.txt --json overlap.json"})
final class OverlapCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "2..*", paramLabel = "TOKENIZER",
            description = "Tokenizer files or folders (or Hub ids, owner/name[@revision]): the new one (A) first, then "
                    + "the reference (B), then more.")
    List<Path> tokenizers;

    @Option(names = "--mode", defaultValue = "exact",
            description = "exact (adapters' behaviour) or normalized (follows ##, Ġ, ▁, </w>; specials by role).")
    MatchMode mode;

    @Option(names = "--case-fold", description = "In normalized mode, match 'The' with 'the'.")
    boolean caseFold;

    @Option(names = "--nfkc", description = "In normalized mode, compare after Unicode NFKC.")
    boolean nfkc;

    @Option(names = "--corpus", paramLabel = "FILE", description = "UTF-8 text, one text per line, for coverage.")
    Path corpus;

    @Option(names = "--csv", paramLabel = "OUT", description = "Write the row mapping and false friends as CSV.")
    Path csv;

    @Option(names = "--json", paramLabel = "OUT", description = "Write all figures as JSON.")
    Path json;

    @Option(names = "--examples", defaultValue = "10", description = "How many examples to list (default 10).")
    int examples;

    @Override
    public Integer call() throws IOException {
        if (examples < 0) {
            throw new ParameterException(spec.commandLine(), "--examples must not be negative");
        }
        PrintWriter stdout = spec.commandLine().getOut();
        MatchOptions options = new MatchOptions(mode, caseFold, nfkc);
        List<Tokenizer> loaded = new ArrayList<>();
        try {
            for (Path path : tokenizers) {
                loaded.add(Inputs.tokenizer(HubSources.of(spec).tokenizer(path, spec.commandLine().getErr())));
            }
            Tokenizer target = loaded.get(0);
            Tokenizer reference = loaded.get(1);
            VocabularyOverlap overlap = VocabularyMatcher.match(target.vocabulary(), reference.vocabulary(), options);
            OverlapBreakdown breakdown = OverlapBreakdown.of(overlap, target.vocabulary());
            CorpusCoverage coverage = corpus == null ? null
                    : CorpusCounter.measure(Inputs.existing(corpus), target, reference, overlap, examples);
            List<VocabularyIntersections.Subset> intersections = loaded.size() < 3 ? List.of()
                    : VocabularyIntersections.of(loaded.stream().map(Tokenizer::vocabulary).toList(), options);
            MatchOptions other = new MatchOptions(mode == MatchMode.EXACT ? MatchMode.NORMALIZED : MatchMode.EXACT,
                    caseFold, nfkc);
            int otherShared = VocabularyMatcher.match(target.vocabulary(), reference.vocabulary(), other).shared();
            OverlapReport.SharedBothWays both = mode == MatchMode.EXACT
                    ? new OverlapReport.SharedBothWays(overlap.shared(), otherShared)
                    : new OverlapReport.SharedBothWays(otherShared, overlap.shared());
            OverlapReport report = new OverlapReport(tokenizers, target.vocabulary(), reference.vocabulary(),
                    overlap, breakdown, coverage, intersections, both, NumberSplitting.of(target),
                    NumberSplitting.of(reference));
            report.print(stdout, examples);
            if (csv != null) {
                report.writeCsv(csv);
                stdout.println("Wrote " + csv);
            }
            if (json != null) {
                report.writeJson(json);
                stdout.println("Wrote " + json);
            }
            return 0;
        } finally {
            loaded.forEach(Tokenizer::close);
        }
    }
}
