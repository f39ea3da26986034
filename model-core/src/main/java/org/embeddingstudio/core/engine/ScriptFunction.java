package org.embeddingstudio.core.engine;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * One TorchScript function, run through DJL: the fused and bfloat16 kernels of {@link Autocast}.
 *
 * <p>Why TorchScript: DJL 0.36 aborts the JVM on any call that names bfloat16 (docs/upstream/djl-bfloat16.md), and
 * it has no call for PyTorch's fused operations ({@code scaled_dot_product_attention}, {@code silu}). A TorchScript
 * function reaches both inside libtorch; autograd records what it runs as it records any operation, so gradients
 * reach the float32 parameters. The archive is written here, in memory, as {@code torch.jit.save} lays it out (the
 * code, a pickled module object without attributes besides {@code training}, the format version); each function is
 * its own archive because DJL runs a module's {@code forward} only.
 *
 * <p>In the code, {@code torch.to(x, 15)} is a cast to ScalarType 15 (BFloat16), {@code 6} is Float.
 */
final class ScriptFunction {

    private static final ParameterStore NO_PARAMETERS = new ParameterStore();

    private final String className;
    private final String signatureAndBody;
    private Model model;

    /**
     * @param className        the module's class name, unique among the functions
     * @param signatureAndBody the parameters after {@code self} (each on its own line), the return type and the body,
     *                         indented as {@code code/__torch__.py} has them
     */
    ScriptFunction(String className, String signatureAndBody) {
        this.className = className;
        this.signatureAndBody = signatureAndBody;
    }

    NDArray apply(NDArray... inputs) {
        return applyAll(inputs).singletonOrThrow();
    }

    /** For a function that returns a tuple: its tensors in order. */
    NDList applyAll(NDArray... inputs) {
        // DJL runs a module with training=false under a no-grad guard: ask for training exactly when the thread
        // records gradients (inside a gradient collector), so backward sees the product and inference keeps no
        // graph.
        return run(GradMode.isOn(), inputs);
    }

    /**
     * Runs the function without recording it for backward, yet with results that a recorded computation may use:
     * DJL's inference mode (its no-grad guard) makes tensors that autograd refuses to save.
     */
    NDList applyUnrecorded(NDArray... inputs) {
        try (GradMode.Suspension noGrad = GradMode.off()) {
            return run(true, inputs);
        }
    }

    private NDList run(boolean training, NDArray... inputs) {
        // DJL hands a named array whose name has a dot ("encoder.layer.0…weight") to TorchScript as an entry of a
        // dict, not as a tensor argument: pass such arrays as unnamed views of the same memory, closed right after
        // (autograd keeps what it needs by itself).
        NDList arguments = new NDList(inputs.length);
        NDList views = new NDList();
        for (NDArray input : inputs) {
            if (input.getName() == null) {
                arguments.add(input);
            } else {
                NDArray view = input.reshape(input.getShape());
                views.add(view);
                arguments.add(view);
            }
        }
        try {
            return block().forward(NO_PARAMETERS, arguments, training);
        } finally {
            views.close();
        }
    }

    private synchronized Block block() {
        if (model == null) {
            model = load();
        }
        return model.getBlock();
    }

    /**
     * The kernel's model, open for the life of the process (it holds no weights, only code). Held here, not only
     * through its block: DJL releases a module once its model is collected, even while the block is in use.
     */
    private Model load() {
        Model loaded = Model.newInstance("kernel-" + className, Device.cpu(), "PyTorch");
        try {
            loaded.load(new ByteArrayInputStream(archive()), Map.of());
            return loaded;
        } catch (IOException | MalformedModelException | RuntimeException e) {
            loaded.close();
            throw new IllegalStateException("PyTorch did not load the kernel '" + className
                    + "' (TorchScript): " + e.getMessage(), e);
        }
    }

    private byte[] archive() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            entry(zip, "kernel/data.pkl", moduleObject());
            entry(zip, "kernel/code/__torch__.py", code().getBytes(StandardCharsets.UTF_8));
            entry(zip, "kernel/constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'}); // an empty tuple
            entry(zip, "kernel/version", "10\n".getBytes(StandardCharsets.US_ASCII));
        }
        return bytes.toByteArray();
    }

    private String code() {
        return "class " + className + "(Module):\n  __parameters__ = []\n  __buffers__ = []\n  training : bool\n"
                + "  def forward(self: __torch__." + className + ",\n    " + signatureAndBody;
    }

    /** Pickle protocol 2 of an instance of {@code __torch__.<className>} whose state is {@code {"training": True}}. */
    private byte[] moduleObject() {
        ByteArrayOutputStream pickle = new ByteArrayOutputStream();
        pickle.writeBytes(new byte[] {(byte) 0x80, 2});
        pickle.writeBytes(("c__torch__\n" + className + "\n").getBytes(StandardCharsets.US_ASCII)); // GLOBAL
        pickle.writeBytes(new byte[] {')', (byte) 0x81, '}', '('}); // EMPTY_TUPLE NEWOBJ EMPTY_DICT MARK
        byte[] key = "training".getBytes(StandardCharsets.US_ASCII);
        pickle.write('X'); // BINUNICODE, 4-byte little-endian length
        pickle.writeBytes(new byte[] {(byte) key.length, 0, 0, 0});
        pickle.writeBytes(key);
        pickle.writeBytes(new byte[] {(byte) 0x88, 'u', 'b', '.'}); // NEWTRUE SETITEMS BUILD STOP
        return pickle.toByteArray();
    }

    private static void entry(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED); // libtorch's reader expects stored entries, as torch.jit.save writes
        entry.setSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(data);
        zip.closeEntry();
    }
}
