package org.embeddingstudio.core.embedding;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.embeddingstudio.core.TestTokenizers;
import org.embeddingstudio.core.task.CancellationToken;
import org.embeddingstudio.core.tensor.GaussianFill;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OmpInitTest {
    static final int SHARED_WORDS = 20;  // + 5 specials = 25 anchors
    static final int NEW_WORDS = 6;
    static final int DONOR_DIM = 32;     // > anchors: each donor row has one exact representation
    static final int DIM = 8;

    @TempDir
    Path temp;

    /**
     * Exact in theory: the donor rows of new tokens are combinations of 3 anchors, the anchors are independent (25
     * Gaussian vectors in 32 dimensions) and reference = donor · W, so OMP's exact fit in the donor space, mapped
     * through the anchors' reference rows, is donor · W for the new rows too.
     */
    @Test
    void recoversNewRowsWhenTheReferenceIsALinearMapOfTheDonor() {
        List<String> shared = new ArrayList<>();
        List<String> fresh = new ArrayList<>();
        for (int i = 0; i < SHARED_WORDS; i++) {
            shared.add("shared" + i);
        }
        for (int i = 0; i < NEW_WORDS; i++) {
            fresh.add("fresh" + i);
        }
        List<String> all = new ArrayList<>(shared);
        all.addAll(fresh);
        Tokenizer referenceTokenizer = TestTokenizers.wordPiece(temp.resolve("reference"), shared);
        Tokenizer tokenizer = TestTokenizers.wordPiece(temp.resolve("new"), all);
        int anchors = 5 + SHARED_WORDS;
        int rows = anchors + NEW_WORDS;
        float[] donor = new float[rows * DONOR_DIM];
        System.arraycopy(GaussianFill.draw(anchors * DONOR_DIM, 1, 0f, 1f), 0, donor, 0, anchors * DONOR_DIM);
        float[] mix = GaussianFill.draw(NEW_WORDS * 3, 2, 0f, 1f);
        for (int t = 0; t < NEW_WORDS; t++) {
            for (int i = 0; i < 3; i++) {
                int anchor = (7 * t + 5 * i + 1) % anchors;
                for (int j = 0; j < DONOR_DIM; j++) {
                    donor[(anchors + t) * DONOR_DIM + j] += mix[t * 3 + i] * donor[anchor * DONOR_DIM + j];
                }
            }
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray donorWeight = manager.create(donor, new Shape(rows, DONOR_DIM));
            NDArray map = manager.create(GaussianFill.draw(DONOR_DIM * DIM, 3, 0f, 1f), new Shape(DONOR_DIM, DIM));
            NDArray expected = donorWeight.matMul(map);                // (rows, DIM): the reference of every token
            NDArray referenceWeight = expected.get("0:" + anchors);    // reference ids = new ids for shared tokens
            TokenEmbedding reference = embedding(manager, referenceWeight, referenceTokenizer);
            TokenEmbedding donorEmbedding = embedding(manager, donorWeight, null);
            AtomicInteger reported = new AtomicInteger();
            EmbeddingOptions options = EmbeddingOptions.defaults().withInit(InitStrategy.OMP)
                    .withDonor(new DonorEmbedding(donorEmbedding, "donor"))
                    .withProgress((done, total) -> reported.set(done), CancellationToken.none());

            EmbeddingInitializer.Created created = EmbeddingInitializer.create(manager.newSubManager(), tokenizer,
                    DIM, 5, Optional.of(new EmbeddingInitializer.Reference(reference, "default", referenceTokenizer)),
                    "test", options);

            NDArray newRows = created.embedding().weight().get(anchors + ":");
            NDArray want = expected.get(anchors + ":");
            float error = newRows.sub(want).norm().getFloat() / want.norm().getFloat();
            assertTrue(error < 1e-3, "relative error " + error);
            assertEquals(NEW_WORDS, created.strategyRows());
            assertEquals(NEW_WORDS, created.embedding().rowOriginCounts().get(RowOrigin.OMP));
            assertEquals(NEW_WORDS, reported.get());
            assertEquals("omp", created.embedding().origin().initStrategy());
            assertEquals("donor", created.embedding().origin().donor());
        }
    }

    @Test
    void aCancelledRunStopsBeforeItsFirstBatch() {
        CancellationToken cancel = new CancellationToken();
        cancel.cancel();
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThrows(CancellationException.class, () -> OrthogonalMatchingPursuit.solve(manager,
                    GaussianFill.draw(40, 1, 0f, 1f), 10, GaussianFill.draw(8, 2, 0f, 1f), 2, 4, 3,
                    InitProgressListener.NONE, cancel));
        }
    }

    @Test
    void theCostIsKnownFromTheSizes() {
        OmpCost cost = OmpCost.of(30_000, 10_000, 384, 64, 2);
        assertEquals(2L * 10_000 * 10_000 * 384 + 2L * 30_000 * 10_000 * 384, cost.matmulFlops());
        assertEquals(30_000L * 10_000 * 64 * 66, cost.pursuitFlops());
        assertTrue(cost.estimatedSeconds() > 0);
    }

    private static TokenEmbedding embedding(NDManager manager, NDArray weight, Tokenizer tokenizer) {
        int rows = (int) weight.getShape().get(0);
        return new TokenEmbedding(manager, weight, manager.zeros(new Shape(rows)), tokenizer,
                new EmbeddingOrigin("test", "", "", "exact", 0), new byte[rows]);
    }
}
