package org.embeddingstudio.core.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pickle virtual machine for the opcodes {@code torch.save} emits (protocols 2 to 5), which builds plain Java
 * values instead of Python objects. It never runs anything: globals are only looked up in {@link TorchGlobal}'s
 * short list (anything else is an {@link UnsafePickleException}), and calls to them are interpreted by
 * {@link TorchPickleCalls}. Stack, memo, value count and string sizes are bounded so a crafted pickle cannot
 * exhaust memory.
 *
 * <p>Values: {@code null} (None), {@link Boolean}, {@link Long}, {@link Double}, {@link String}, {@code byte[]},
 * {@link PickleTuple}, {@link ArrayList}, {@link LinkedHashMap} (dict and OrderedDict), {@link TorchGlobal},
 * {@link TorchStorageRef} and {@link TorchTensorRef}.
 */
final class RestrictedUnpickler {
    static final int MAX_STACK = 1 << 20;
    static final int MAX_MEMO = 1 << 20;
    /** Values a pickle may create: a state dict needs about 20 per tensor, so this allows 800 000 tensors. */
    static final int MAX_VALUES = 16 << 20;
    /** Tuples nested deeper than this are no tensor metadata, and would overflow the stack when hashed. */
    static final int MAX_KEY_DEPTH = 32;

    private final Path file;
    private final PickleInput in;
    private final TorchPickleCalls calls;
    private final List<Object> stack = new ArrayList<>();
    private final List<Integer> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();
    private int values;

    RestrictedUnpickler(Path file, byte[] pickle, TorchPickleCalls calls) {
        this.file = file;
        this.in = new PickleInput(file, pickle);
        this.calls = calls;
    }

    /** Runs the pickle to its STOP opcode and returns the value it built. */
    Object load() throws FileFormatException {
        while (true) {
            int at = in.position();
            int op = in.u8();
            switch (op) {
                case 0x80 -> checkProtocol(in.u8()); // PROTO
                case 0x95 -> in.skip(8); // FRAME: a read-ahead hint only
                case '.' -> { // STOP
                    if (stack.size() != 1 || !marks.isEmpty()) {
                        throw bad("STOP with " + stack.size() + " values on the stack", at);
                    }
                    return stack.get(0);
                }
                case '(' -> { // MARK
                    if (marks.size() >= MAX_STACK) {
                        throw new FileFormatException(file, "the pickle nests more than " + MAX_STACK + " marks");
                    }
                    marks.add(stack.size());
                }
                case '0' -> pop(at); // POP
                case '1' -> popMark(at); // POP_MARK
                case '2' -> push(peek(at)); // DUP
                case 'N' -> push(null);
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 'J' -> push((long) in.int32()); // BININT
                case 'K' -> push((long) in.u8()); // BININT1
                case 'M' -> push((long) in.u16()); // BININT2
                case 0x8a -> push(long1(at)); // LONG1
                case 'G' -> push(in.bigEndianDouble()); // BINFLOAT
                case 'X' -> push(in.utf8(in.u32())); // BINUNICODE
                case 0x8c -> push(in.utf8(in.u8())); // SHORT_BINUNICODE
                case 0x8d -> push(in.utf8(in.int64())); // BINUNICODE8
                case 'C' -> push(in.bytes(in.u8())); // SHORT_BINBYTES
                case 'B' -> push(in.bytes(in.u32())); // BINBYTES
                case ')' -> push(new PickleTuple(List.of()));
                case 't' -> push(tuple(popMark(at)));
                case 0x85 -> push(tuple(popN(1, at)));
                case 0x86 -> push(tuple(popN(2, at)));
                case 0x87 -> push(tuple(popN(3, at)));
                case ']' -> push(new ArrayList<>());
                case 'a' -> listOf(peekBelow(at, 1), at).add(pop(at)); // APPEND
                case 'e' -> { // APPENDS
                    List<Object> items = popMark(at);
                    listOf(peek(at), at).addAll(items);
                }
                case '}' -> push(new LinkedHashMap<>());
                case 's' -> { // SETITEM
                    Object value = pop(at);
                    Object key = pop(at);
                    put(peek(at), key, value, at);
                }
                case 'u' -> { // SETITEMS
                    List<Object> items = popMark(at);
                    if (items.size() % 2 != 0) {
                        throw bad("SETITEMS with an odd number of values", at);
                    }
                    Object dict = peek(at);
                    for (int i = 0; i < items.size(); i += 2) {
                        put(dict, items.get(i), items.get(i + 1), at);
                    }
                }
                case 'c' -> push(TorchGlobal.resolve(file, in.line(), in.line())); // GLOBAL
                case 0x93 -> { // STACK_GLOBAL
                    Object name = pop(at);
                    Object module = pop(at);
                    if (!(module instanceof String m) || !(name instanceof String n)) {
                        throw bad("STACK_GLOBAL without two strings", at);
                    }
                    push(TorchGlobal.resolve(file, m, n));
                }
                case 'R' -> { // REDUCE
                    Object args = pop(at);
                    Object callable = pop(at);
                    if (!(callable instanceof TorchGlobal global) || !(args instanceof PickleTuple tuple)) {
                        throw bad("REDUCE without a global and an argument tuple", at);
                    }
                    push(calls.reduce(global, tuple));
                }
                case 'b' -> { // BUILD
                    Object state = pop(at);
                    calls.build(peek(at), state);
                }
                case 'Q' -> push(calls.persistentLoad(pop(at))); // BINPERSID
                case 'q' -> memoize(in.u8(), at); // BINPUT
                case 'r' -> memoize(in.u32(), at); // LONG_BINPUT
                case 0x94 -> memoize(memo.size(), at); // MEMOIZE
                case 'h' -> push(recall(in.u8(), at)); // BINGET
                case 'j' -> push(recall(in.u32(), at)); // LONG_BINGET
                default -> throw bad("unsupported pickle opcode " + PickleOpcodeNames.describe(op), at);
            }
        }
    }

    private void checkProtocol(int protocol) throws FileFormatException {
        if (protocol < 2 || protocol > 5) {
            throw new FileFormatException(file, "unsupported pickle protocol " + protocol);
        }
    }

    private void push(Object value) throws FileFormatException {
        if (stack.size() >= MAX_STACK) {
            throw new FileFormatException(file, "the pickle stack grows past " + MAX_STACK + " values");
        }
        if (++values > MAX_VALUES) {
            throw new FileFormatException(file, "the pickle creates more than " + MAX_VALUES + " values");
        }
        stack.add(value);
    }

    private Object pop(int at) throws FileFormatException {
        int floor = marks.isEmpty() ? 0 : marks.get(marks.size() - 1);
        if (stack.size() <= floor) {
            throw bad("stack underflow", at);
        }
        return stack.remove(stack.size() - 1);
    }

    private Object peek(int at) throws FileFormatException {
        return peekBelow(at, 0);
    }

    private Object peekBelow(int at, int depth) throws FileFormatException {
        int floor = marks.isEmpty() ? 0 : marks.get(marks.size() - 1);
        if (stack.size() - depth <= floor) {
            throw bad("stack underflow", at);
        }
        return stack.get(stack.size() - 1 - depth);
    }

    private List<Object> popN(int n, int at) throws FileFormatException {
        Object[] items = new Object[n];
        for (int i = n - 1; i >= 0; i--) {
            items[i] = pop(at);
        }
        return Arrays.asList(items);
    }

    private List<Object> popMark(int at) throws FileFormatException {
        if (marks.isEmpty()) {
            throw bad("no MARK to pop to", at);
        }
        int mark = marks.remove(marks.size() - 1);
        List<Object> top = stack.subList(mark, stack.size());
        List<Object> items = new ArrayList<>(top);
        top.clear();
        return items;
    }

    private static PickleTuple tuple(List<Object> items) {
        return new PickleTuple(Collections.unmodifiableList(new ArrayList<>(items)));
    }

    @SuppressWarnings("unchecked")
    private List<Object> listOf(Object target, int at) throws FileFormatException {
        if (target instanceof ArrayList<?> list) {
            return (List<Object>) list;
        }
        throw bad("APPEND to something that is not a list", at);
    }

    @SuppressWarnings("unchecked")
    private void put(Object target, Object key, Object value, int at) throws FileFormatException {
        if (!(target instanceof LinkedHashMap<?, ?> dict)) {
            throw bad("SETITEM on something that is not a dict", at);
        }
        if (!isHashable(key, 0)) {
            // Python refuses these too; for us they could also be cyclic, which would overflow hashCode.
            throw bad("a dict key that Python could not hash", at);
        }
        ((Map<Object, Object>) dict).put(key, value);
    }

    /** Tuples hold only what was on the stack before them, so they are acyclic; the depth bound keeps hashing cheap. */
    private static boolean isHashable(Object key, int depth) {
        if (key == null || key instanceof String || key instanceof Long || key instanceof Boolean
                || key instanceof Double) {
            return true;
        }
        if (key instanceof PickleTuple tuple && depth < MAX_KEY_DEPTH) {
            for (Object item : tuple.items()) {
                if (!isHashable(item, depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private void memoize(long index, int at) throws FileFormatException {
        if (!memo.containsKey(index) && memo.size() >= MAX_MEMO) {
            throw new FileFormatException(file, "the pickle memo grows past " + MAX_MEMO + " entries");
        }
        memo.put(index, peek(at));
    }

    private Object recall(long index, int at) throws FileFormatException {
        if (!memo.containsKey(index)) {
            throw bad("memo entry " + index + " is read before it is written", at);
        }
        return memo.get(index);
    }

    private long long1(int at) throws FileFormatException {
        int n = in.u8();
        if (n > 8) {
            throw bad("an integer of " + n + " bytes; tensor files need at most 8", at);
        }
        return in.signed(n);
    }

    private FileFormatException bad(String problem, int at) {
        return new FileFormatException(file, "damaged pickle at byte " + at + ": " + problem);
    }
}
