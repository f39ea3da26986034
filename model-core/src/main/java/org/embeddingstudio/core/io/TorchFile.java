package org.embeddingstudio.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the zip files of {@code torch.save} (torch 1.6 and later): {@code <archive>/data.pkl} holds a
 * pickle that describes the tensors, and {@code <archive>/data/<key>} holds each storage's raw little-endian bytes.
 *
 * <p>Reading runs the pickle through a {@link RestrictedUnpickler}, so a file can only describe tensors: a pickle
 * that names any other Python function or class (the way malicious checkpoints run code) is refused with an
 * {@link UnsafePickleException}, and nothing in a file is ever executed. Tensors are copied into their own heap
 * buffers, so they do not depend on the file afterwards; non-contiguous views are gathered into row-major order.
 * State dict entries that name the same view of a storage (tied weights) share one {@link HostTensor}, as they share
 * memory in torch.
 */
public final class TorchFile {
    /** State dict pickles are kilobytes; this cap only stops a crafted entry from exhausting memory. */
    static final long MAX_PICKLE_BYTES = 64L << 20;

    private TorchFile() {
    }

    /** Reads a single tensor or a state dict; anything else, or anything unsafe, is a {@link FileFormatException}. */
    public static TorchContent read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ZipDirectory zip = ZipDirectory.read(file, channel);
            ZipDirectory.Entry pickleEntry = findPickle(file, zip);
            String archive = pickleEntry.name().substring(0, pickleEntry.name().length() - "data.pkl".length());
            if (pickleEntry.size() > MAX_PICKLE_BYTES) {
                throw new FileFormatException(file, "data.pkl is " + pickleEntry.size() + " bytes, more than the "
                        + MAX_PICKLE_BYTES + " a tensor description can need");
            }
            ByteBuffer pickleBytes = ChannelIo.read(channel, zip.dataOffset(pickleEntry), (int) pickleEntry.size(),
                    file);
            zip.checkCrc(pickleEntry, pickleBytes);
            byte[] pickle = new byte[pickleBytes.remaining()];
            pickleBytes.get(pickle);
            Object root = new RestrictedUnpickler(file, pickle, new TorchPickleCalls(file)).load();

            TorchStorageReader storages = new TorchStorageReader(file, channel, zip, archive);
            if (root instanceof TorchTensorRef ref) {
                return new TorchContent.SingleTensor(storages.tensor(ref), ref.parameter(), ref.requiresGrad());
            }
            if (root instanceof LinkedHashMap<?, ?> dict) {
                LinkedHashMap<String, HostTensor> tensors = new LinkedHashMap<>();
                for (Map.Entry<?, ?> item : dict.entrySet()) {
                    if (!(item.getKey() instanceof String name) || !(item.getValue() instanceof TorchTensorRef ref)) {
                        String shown = item.getKey() instanceof String name ? MessageText.printable(name) : "?";
                        throw new FileFormatException(file, "the state dict holds an entry that is not a named tensor"
                                + " ('" + shown + "')");
                    }
                    tensors.put(name, storages.tensor(ref));
                }
                return new TorchContent.StateDict(tensors);
            }
            throw new FileFormatException(file, "the file holds neither a tensor nor a state dict");
        }
    }

    /** Writes {@code tensor} exactly as {@code torch.save(tensor)} would, atomically. */
    public static void writeTensor(Path file, HostTensor tensor) throws IOException {
        write(file, tensor, false, false, false);
    }

    /**
     * Writes {@code tensor} as {@code torch.save(nn.Parameter(tensor, requires_grad))} would, atomically. This is
     * what the adapters library stores as {@code embedding.pt}; {@code nn.Embedding.from_pretrained(torch.load(f))}
     * accepts it.
     */
    public static void writeParameter(Path file, HostTensor tensor, boolean requiresGrad) throws IOException {
        write(file, tensor, true, requiresGrad, false);
    }

    /**
     * Writes {@code tensors} as {@code torch.save(state_dict)} would (like {@code pytorch_model.bin}), atomically:
     * an OrderedDict in map order, each tensor in its own storage entry {@code data/0}, {@code data/1}, …
     */
    public static void writeStateDict(Path file, Map<String, HostTensor> tensors) throws IOException {
        String archive = archiveName(file);
        byte[] pickle = TorchPickleWriter.stateDict(tensors);
        List<HostTensor> storages = List.copyOf(tensors.values());
        AtomicFiles.write(file, temporary -> writeArchive(temporary, archive, pickle, storages, false));
    }

    /** @param forceZip64 write ZIP64 records even though the file is small, to test readers */
    static void write(Path file, HostTensor tensor, boolean parameter, boolean requiresGrad, boolean forceZip64)
            throws IOException {
        String archive = archiveName(file);
        byte[] pickle = TorchPickleWriter.tensor(tensor, "0", parameter, requiresGrad);
        AtomicFiles.write(file, temporary -> writeArchive(temporary, archive, pickle, List.of(tensor), forceZip64));
    }

    /** The entries torch 2 writes (torch 1.13 omits byteorder); storage {@code i} holds {@code storages.get(i)}. */
    private static void writeArchive(Path temporary, String archive, byte[] pickle, List<HostTensor> storages,
                                     boolean forceZip64) throws IOException {
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            StoredZipWriter zip = new StoredZipWriter(channel, forceZip64);
            zip.add(archive + "/data.pkl", ByteBuffer.wrap(pickle));
            zip.add(archive + "/byteorder", ascii("little"));
            for (int i = 0; i < storages.size(); i++) {
                zip.add(archive + "/data/" + i, storages.get(i).data());
            }
            zip.add(archive + "/version", ascii("3\n"));
            zip.finish();
        }
    }

    /** torch names the archive folder after the file ("embedding" for embedding.pt); readers take it from data.pkl. */
    static String archiveName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = (dot > 0 ? name.substring(0, dot) : name).replaceAll("[^A-Za-z0-9_.-]", "_");
        return stem.isEmpty() ? "archive" : stem;
    }

    private static ZipDirectory.Entry findPickle(Path file, ZipDirectory zip) throws FileFormatException {
        for (ZipDirectory.Entry entry : zip.entries()) {
            String name = entry.name();
            if (name.endsWith("/data.pkl") && name.indexOf('/') == name.length() - "/data.pkl".length()) {
                return entry;
            }
        }
        throw new FileFormatException(file, "a zip archive, but not a torch.save file: there is no <archive>/data.pkl");
    }

    private static ByteBuffer ascii(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }
}
