package org.embeddingstudio.core.model;

import ai.djl.Device;
import org.embeddingstudio.core.TestTokenizers;
import org.embeddingstudio.core.adapter.BottleneckConfig;
import org.embeddingstudio.core.embedding.EmbeddingInfo;
import org.embeddingstudio.core.embedding.EmbeddingRegistry;
import org.embeddingstudio.core.embedding.EmbeddingSnapshot;
import org.embeddingstudio.core.tokenizer.Tokenizer;
import org.embeddingstudio.core.transformer.Architecture;
import org.embeddingstudio.core.transformer.BertConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several threads change and read one model at once, as the app's background jobs and its UI thread do. Each
 * thread checks what a user would notice: "default" is always there, exactly one embedding is active and it is
 * listed, a snapshot matches its tokenizer, weights read under the lock are never freed midway, and the only
 * failures are the documented ones for names another thread just took or removed.
 */
class AdapterModelConcurrencyTest {
    static final BertConfig CONFIG = BertConfig.of(Architecture.BERT, 1, 32, 2, 4, 37, 64);
    static final int THREADS = 6;
    static final int OPERATIONS = 300;
    /** Few names, so threads keep colliding on them. */
    static final List<String> NAMES = List.of("a", "b", "c", "d");
    /** What another thread may legitimately cause: a name just taken, or just deleted or renamed. */
    static final Pattern DOCUMENTED = Pattern.compile(
            "no embedding named '.*|an embedding named '.*' already exists|no adapter named '.*"
                    + "|an adapter named '.*' already exists");

    @TempDir
    Path temp;
    Tokenizer english;
    Tokenizer german;
    AdapterModel model;

    @BeforeEach
    void setUp() {
        english = TestTokenizers.wordPiece(temp.resolve("english"), TestTokenizers.words());
        german = TestTokenizers.wordPiece(temp.resolve("german"),
                List.of("hund", "katze", "mat", "the", "haus", "sat", "rot", "##en", "klein", "gross"));
        model = AdapterModel.random(CONFIG, english, Device.cpu(), 7);
    }

    @AfterEach
    void tearDown() {
        model.close();
        english.close();
        german.close();
    }

    @Test
    void inheritedEmbeddingMethodsWaitForTheModelsLock() throws Exception {
        // FillMask and SentenceSimilarity hold synchronized (model) across several calls; the named-embedding
        // methods AdapterModel inherits must wait for that one lock like its own methods do.
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Future<List<String>> names;
            synchronized (model) {
                names = other.submit(model::embeddingNames);
                assertThrows(TimeoutException.class, () -> names.get(300, TimeUnit.MILLISECONDS));
            }
            assertEquals(List.of("default"), names.get(10, TimeUnit.SECONDS));
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void embeddingsAndAdaptersStayConsistentWhileThreadsChangeAndReadThem() throws Exception {
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                SplittableRandom random = new SplittableRandom(31L * t + 1);
                boolean writer = t % 3 != 2;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < OPERATIONS; i++) {
                        try {
                            if (writer) {
                                change(random);
                            } else {
                                read();
                            }
                        } catch (IllegalArgumentException e) {
                            if (e.getMessage() == null || !DOCUMENTED.matcher(e.getMessage()).matches()) {
                                failures.add(e);
                            }
                        } catch (Throwable e) {
                            failures.add(e);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(List.of(), failures.stream().map(AdapterModelConcurrencyTest::describe).toList());
        checkConsistent();
        for (String name : model.embeddingNames()) {
            if (!name.equals(EmbeddingRegistry.DEFAULT)) {
                model.deleteEmbeddings(name);
            }
        }
        model.adapterNames().forEach(model::deleteAdapter);
        assertEquals(List.of(EmbeddingRegistry.DEFAULT), model.embeddingNames());
        assertEquals(EmbeddingRegistry.DEFAULT, model.activeEmbeddings());
        assertEquals(english.vocabulary().size(), model.vocabSize());
        assertEquals(new NamedEmbeddingsModel.AdapterInfos(List.of(), ""), model.adapterInfos());
    }

    private void change(SplittableRandom random) {
        String name = NAMES.get(random.nextInt(NAMES.size()));
        switch (random.nextInt(8)) {
            case 0, 1 -> model.addEmbeddings(name, random.nextBoolean() ? german : english);
            case 2 -> model.deleteEmbeddings(name);
            case 3 -> model.renameEmbeddings(name, NAMES.get(random.nextInt(NAMES.size())) + "-" + random.nextInt(3));
            case 4 -> model.setActiveEmbeddings(random.nextBoolean() ? name : EmbeddingRegistry.DEFAULT);
            case 5 -> model.addAdapter(name, BottleneckConfig.seqBn());
            case 6 -> model.deleteAdapter(name);
            default -> model.setActiveAdapter(random.nextBoolean() ? name : null);
        }
    }

    /** What a view reads; every check holds on its own snapshot, whatever the writers do in between. */
    private void read() {
        checkConsistent();
        for (String name : model.embeddingNames()) {
            // The embedding may be gone by now: the documented IllegalArgumentException, never a freed matrix.
            EmbeddingSnapshot snapshot = model.embedding(name);
            assertEquals(snapshot.tokenizer().orElseThrow().vocabulary().size(), snapshot.rows(), name);
            float sum = model.read(parts -> parts.embedding(name).weight().sum().getFloat());
            assertTrue(Float.isFinite(sum), name + ": " + sum);
        }
        NamedEmbeddingsModel.AdapterInfos adapters = model.adapterInfos();
        assertTrue(adapters.active().isEmpty() || adapters.names().contains(adapters.active()), adapters::toString);
        assertEquals(adapters.names().size(), new HashSet<>(adapters.names()).size(), adapters::toString);
    }

    private void checkConsistent() {
        List<EmbeddingInfo> infos = model.embeddingInfos();
        List<String> names = infos.stream().map(EmbeddingInfo::name).toList();
        assertEquals(EmbeddingRegistry.DEFAULT, names.getFirst(), names::toString);
        assertEquals(names.size(), new HashSet<>(names).size(), names::toString);
        assertEquals(1, infos.stream().filter(EmbeddingInfo::active).count(), infos::toString);
        for (EmbeddingInfo info : infos) {
            assertEquals(info.tokenizerSize(), info.rows(), info::toString);
        }
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
