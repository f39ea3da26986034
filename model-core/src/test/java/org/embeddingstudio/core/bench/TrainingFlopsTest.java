package org.embeddingstudio.core.bench;

import org.embeddingstudio.core.adapter.BottleneckConfig;
import org.embeddingstudio.core.transformer.Architecture;
import org.embeddingstudio.core.transformer.BertConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TrainingFlopsTest {
    @Test
    void countsThreeTimesTheForwardMatmulsWithLogitsAtEveryPosition() {
        // 1 layer, hidden 4, FFN 8, vocabulary 10, batch 1 × 2; SeqBn (factor 16) has a bottleneck of 1 here.
        BertConfig config = BertConfig.of(Architecture.BERT, 10, 4, 1, 2, 8, 16);
        BottleneckConfig adapter = BottleneckConfig.seqBn();
        double tokens = 2;
        double layer = 4 * 2 * tokens * 4 * 4          // query, key, value, output
                + 2 * 2 * tokens * 4 * 8                // FFN in and out
                + 2 * 2 * 1 * 2 * 2 * 4                 // scores and context
                + 2 * 2 * tokens * 4 * adapter.bottleneckSize(4); // adapter down and up
        double head = 2 * tokens * 4 * 4 + 2 * tokens * 4 * 10;
        assertEquals(3 * (layer + head), TrainingFlops.perStep(config, adapter, 1, 2), 1e-9);
    }

    @Test
    void residentMemoryIsReadFromVmRss() {
        assertEquals(123456L * 1024, ResidentMemory.parseVmRss("Name:\tjava\nVmRSS:\t  123456 kB\nVmSwap:\t0 kB\n"));
        assertEquals(-1, ResidentMemory.parseVmRss("Name:\tjava\n"));
    }

    @Test
    void minorFaultsAreTheTenthFieldOfStatEvenWithSpacesInTheCommand() {
        assertEquals(4242, ResidentMemory.parseMinorFaults("123 (java main) S 1 123 123 0 -1 4194560 4242 0 7 0"));
    }
}
