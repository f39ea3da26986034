package org.embeddingstudio.core.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The TorchScript functions behind {@link Autocast}, {@link FusedLayers} and {@link FusedBertLayers}, each in the
 * precisions it runs in.
 *
 * <p>bf16 variants follow {@code torch.autocast(dtype=torch.bfloat16)}: float32 in, the inputs of the products (and
 * what lies between two products of one kernel) rounded to bfloat16, float32 out. Their float32 twins run the same
 * operations without the casts.
 */
final class Kernels {
    static final ScriptFunction LINEAR_BF16 = new ScriptFunction("LinearBf16", "x: Tensor,\n    w: Tensor) -> Tensor:\n"
            + "    return torch.to(torch.linear(torch.to(x, 15), torch.to(w, 15)), 6)\n");
    static final ScriptFunction LINEAR_BIAS_BF16 = new ScriptFunction("LinearBiasBf16",
            "x: Tensor,\n    w: Tensor,\n    b: Tensor) -> Tensor:\n"
                    + "    return torch.to(torch.linear(torch.to(x, 15), torch.to(w, 15), torch.to(b, 15)), 6)\n");
    static final ScriptFunction MATMUL_BF16 = new ScriptFunction("MatMulBf16", "a: Tensor,\n    b: Tensor) -> Tensor:\n"
            + "    return torch.to(torch.matmul(torch.to(a, 15), torch.to(b, 15)), 6)\n");

    /**
     * One AdamW update of one parameter in place, as PyTorch's fused CPU kernel ({@code torch._fused_adamw_}) makes
     * it in a single pass over the weight, its gradient and both moments; the gradient is then zeroed. Arguments:
     * w, g, m, v, the step count (1 for the first update; 0-d float32), lr, weight decay, beta1, beta2, eps (0-d
     * float64, read as Python floats) and what the gradient is divided by first (0-d float32, as the kernel reads it).
     * Returns the weight.
     */
    static final ScriptFunction ADAMW_STEP = new ScriptFunction("AdamWStep", "w: Tensor,\n    g: Tensor,\n"
            + "    m: Tensor,\n    v: Tensor,\n    step: Tensor,\n    lr: Tensor,\n    decay: Tensor,\n"
            + "    beta1: Tensor,\n    beta2: Tensor,\n    eps: Tensor,\n    divisor: Tensor) -> Tensor:\n"
            // the weight returned out of the list the kernel updates: TorchScript drops a call whose only effects are
            // on lists nothing reads afterwards (written with [w] inline, the update never ran)
            + "    ws = [w]\n"
            + "    torch._fused_adamw_(ws, [g], [m], [v], annotate(List[Tensor], []), [step], lr=float(lr), "
            + "beta1=float(beta1), beta2=float(beta2), weight_decay=float(decay), eps=float(eps), amsgrad=False, "
            + "maximize=False, grad_scale=divisor)\n"
            + "    torch.zero_(g)\n"
            + "    return ws[0]\n");

    /** The squared L2 norm of a tensor in one pass, without a squared copy (as {@code clip_grad_norm_} measures). */
    static final ScriptFunction SQUARED_NORM = new ScriptFunction("SquaredNorm", "x: Tensor) -> Tensor:\n"
            + "    return torch.square(torch.linalg_vector_norm(x))\n");

    /** {@code x / sqrt(mean(x²) + eps) · w} in float32, as transformers' LlamaRMSNorm computes it (with rsqrt). */
    static final ScriptFunction RMS_NORM = new ScriptFunction("RmsNorm",
            "x: Tensor,\n    w: Tensor,\n    eps: Tensor) -> Tensor:\n"
                    + "    return " + rmsNorm("x", "w") + "\n");

    // The sublayer kernels, one per variant asked for (precision, mask, biases), loaded on first use.
    private static final Map<String, ScriptFunction> GENERATED = new ConcurrentHashMap<>();

    private Kernels() {
    }

    /**
     * A Llama-family attention sublayer without a cache, from the residual stream to o_proj's output: RMSNorm, the
     * q/k/v projections as one product (their weights side by side), rotate-half RoPE, PyTorch's fused attention
     * ({@code scaled_dot_product_attention}, its flash kernel on CPU, which never holds the (B, N, T, T) scores),
     * o_proj. Arguments: x (B, T, H), norm weight, wq, wk, wv, wo, cos and sin (T, D), scale and eps (0-d); then the
     * additive mask (B, 1, T, T) if {@code masked} (else attention is plain causal); then bq, bk, bv and bo as asked.
     */
    static ScriptFunction attentionBlock(Precision precision, boolean masked, boolean qkvBias, boolean outputBias) {
        String name = "AttentionBlock" + suffix(precision) + (masked ? "Masked" : "") + (qkvBias ? "QkvBias" : "")
                + (outputBias ? "OutBias" : "");
        return GENERATED.computeIfAbsent(name, n -> new ScriptFunction(n, "x: Tensor,\n    nw: Tensor,\n"
                + "    wq: Tensor,\n    wk: Tensor,\n    wv: Tensor,\n    wo: Tensor,\n    cos: Tensor,\n"
                + "    sin: Tensor,\n    scale: Tensor,\n    eps: Tensor"
                + (masked ? ",\n    mask: Tensor" : "")
                + (qkvBias ? ",\n    bq: Tensor,\n    bk: Tensor,\n    bv: Tensor" : "")
                + (outputBias ? ",\n    bo: Tensor" : "") + ") -> Tensor:\n"
                + "    h = " + rmsNorm("x", "nw") + "\n"
                + "    b = torch.size(x, 0)\n    t = torch.size(x, 1)\n    d = torch.size(cos, -1)\n"
                + "    nq = torch.size(wq, 0)\n    nkv = torch.size(wk, 0)\n"
                + "    qkv = torch.linear(" + cast("h", precision) + ", "
                + cast("torch.cat([wq, wk, wv], 0)", precision)
                + (qkvBias ? ", " + cast("torch.cat([bq, bk, bv], 0)", precision) : "") + ")\n"
                + "    c = " + cast("cos", precision) + "\n    s = " + cast("sin", precision) + "\n"
                // split, not narrow: autograd joins the parts' gradients once instead of zero-filling a full-size
                // gradient per part and adding them
                + "    parts = torch.split_with_sizes(qkv, [nq, nkv, nkv], -1)\n"
                + heads("q", 0) + heads("k", 1) + heads("v", 2)
                + rotate("q") + rotate("k")
                + keyValueHeadsPerQueryHead("k", "v")
                + "    o = torch.scaled_dot_product_attention(q, k, v, "
                + (masked ? cast("mask", precision) + ", 0., False" : "None, 0., True") + ", scale=float(scale))\n"
                + "    o = torch.flatten(torch.transpose(o, 1, 2), 2)\n"
                + "    return " + toFloat("torch.linear(o, " + cast("wo", precision)
                + (outputBias ? ", " + cast("bo", precision) : "") + ")", precision) + "\n"));
    }

    /**
     * {@link #attentionBlock} over a key/value cache, for generation: the new positions' keys and values (after RoPE)
     * join the cached ones, and the queries attend to all of them under the additive mask. q, k and v are three
     * products here — for the few rows of a generation step, copying their weights side by side would cost more than
     * it saves (see {@link #mlpBlock}). Arguments: x (B, T, H), norm weight, wq, wk, wv, wo, cos and sin (T, D) of
     * the new positions, scale and eps (0-d), the cached keys and values (B, KV, P, D; P may be 0), the additive mask
     * (B, 1, T, P + T); then bq, bk, bv and bo as asked. Returns o_proj's output and all keys and values (B, KV,
     * P + T, D).
     */
    static ScriptFunction cachedAttentionBlock(Precision precision, boolean qkvBias, boolean outputBias) {
        String name = "CachedAttentionBlock" + suffix(precision) + (qkvBias ? "QkvBias" : "")
                + (outputBias ? "OutBias" : "");
        return GENERATED.computeIfAbsent(name, n -> new ScriptFunction(n, "x: Tensor,\n    nw: Tensor,\n"
                + "    wq: Tensor,\n    wk: Tensor,\n    wv: Tensor,\n    wo: Tensor,\n    cos: Tensor,\n"
                + "    sin: Tensor,\n    scale: Tensor,\n    eps: Tensor,\n    pk: Tensor,\n    pv: Tensor,\n"
                + "    mask: Tensor"
                + (qkvBias ? ",\n    bq: Tensor,\n    bk: Tensor,\n    bv: Tensor" : "")
                + (outputBias ? ",\n    bo: Tensor" : "") + ") -> Tuple[Tensor, Tensor, Tensor]:\n"
                + "    h = " + cast(rmsNorm("x", "nw"), precision) + "\n"
                + "    b = torch.size(x, 0)\n    t = torch.size(x, 1)\n    d = torch.size(cos, -1)\n"
                + "    parts = [" + linear("h", "wq", qkvBias ? "bq" : null, precision) + ", "
                + linear("h", "wk", qkvBias ? "bk" : null, precision) + ", "
                + linear("h", "wv", qkvBias ? "bv" : null, precision) + "]\n"
                + "    c = " + cast("cos", precision) + "\n    s = " + cast("sin", precision) + "\n"
                + heads("q", 0) + heads("k", 1) + heads("v", 2)
                + rotate("q") + rotate("k")
                + "    k = torch.cat([" + cast("pk", precision) + ", k], 2)\n"
                + "    v = torch.cat([" + cast("pv", precision) + ", v], 2)\n"
                + "    kk = k\n    vv = v\n"
                + keyValueHeadsPerQueryHead("kk", "vv")
                + "    o = torch.scaled_dot_product_attention(q, kk, vv, " + cast("mask", precision)
                + ", 0., False, scale=float(scale))\n"
                + "    o = torch.flatten(torch.transpose(o, 1, 2), 2)\n"
                + "    y = " + linear("o", "wo", outputBias ? "bo" : null, precision) + "\n"
                + "    return (" + toFloat("y", precision) + ", " + toFloat("k", precision) + ", "
                + toFloat("v", precision) + ")\n"));
    }

    /**
     * A gated MLP sublayer from the residual stream to down_proj's output: RMSNorm, gate and up (as one product of
     * their weights side by side when {@code joined}), {@code act(gate) ⊙ up}, down. Arguments: x (B, T, H), norm
     * weight, wg, wu, wd, eps (0-d).
     *
     * @param geglu  GeGLU's tanh-approximated GELU as the gate's activation instead of SwiGLU's silu
     * @param joined gate and up as one product: faster over many rows, but the weights are copied side by side on
     *               every call, which for a few rows (generation) costs more than the products themselves
     */
    static ScriptFunction mlpBlock(Precision precision, boolean geglu, boolean joined) {
        String name = "MlpBlock" + suffix(precision) + (geglu ? "Geglu" : "Swiglu") + (joined ? "" : "Split");
        String activation = geglu ? "torch.gelu(g, approximate=\"tanh\")" : "torch.silu(g)";
        String gateAndUp = joined
                ? "    i = torch.size(wg, 0)\n"
                + "    gu = torch.linear(hc, " + cast("torch.cat([wg, wu], 0)", precision) + ")\n"
                + "    parts = torch.split(gu, i, -1)\n"
                + "    g = parts[0]\n"
                + "    u = parts[1]\n"
                : "    g = torch.linear(hc, " + cast("wg", precision) + ")\n"
                + "    u = torch.linear(hc, " + cast("wu", precision) + ")\n";
        return GENERATED.computeIfAbsent(name, n -> new ScriptFunction(n, "x: Tensor,\n    nw: Tensor,\n"
                + "    wg: Tensor,\n    wu: Tensor,\n    wd: Tensor,\n    eps: Tensor) -> Tensor:\n"
                + "    h = " + rmsNorm("x", "nw") + "\n"
                + "    hc = " + cast("h", precision) + "\n"
                + gateAndUp
                + "    h2 = torch.mul(" + activation + ", u)\n"
                + "    return " + toFloat("torch.linear(h2, " + cast("wd", precision) + ")", precision) + "\n"));
    }

    /**
     * A BERT self-attention sublayer up to its output dense layer: q/k/v as one product with their biases (weights
     * side by side), PyTorch's {@code scaled_dot_product_attention} with the padding mask and the attention-probability
     * dropout, the output dense layer and its dropout. Arguments: x (B, T, H), wq, wk, wv, bq, bk, bv, wo, bo, the
     * (B, T) 1/0 attention mask, the head count (0-d int64), the attention and hidden dropout rates (0-d; 0 outside
     * training).
     */
    static ScriptFunction bertAttention(Precision precision) {
        return GENERATED.computeIfAbsent("BertAttention" + suffix(precision), n -> new ScriptFunction(n,
                "x: Tensor,\n    wq: Tensor,\n    wk: Tensor,\n    wv: Tensor,\n    bq: Tensor,\n    bk: Tensor,\n"
                + "    bv: Tensor,\n    wo: Tensor,\n    bo: Tensor,\n    keep: Tensor,\n    heads: Tensor,\n"
                + "    pa: Tensor,\n    ph: Tensor) -> Tensor:\n"
                + "    b = torch.size(x, 0)\n    t = torch.size(x, 1)\n    n = int(heads)\n"
                + "    qkv = torch.linear(" + cast("x", precision) + ", "
                + cast("torch.cat([wq, wk, wv], 0)", precision) + ", " + cast("torch.cat([bq, bk, bv], 0)", precision)
                + ")\n"
                // split, not narrow (see attentionBlock)
                + "    parts = torch.split(qkv, torch.size(wq, 0), -1)\n"
                + bertHeads("q", 0) + bertHeads("k", 1) + bertHeads("v", 2)
                // a boolean mask (True: attend) instead of an additive one: bfloat16 has no finite -FLT_MAX
                + "    m = torch.unsqueeze(torch.unsqueeze(torch.ne(keep, 0), 1), 1)\n"
                + "    o = torch.scaled_dot_product_attention(q, k, v, m, float(pa), False)\n"
                + "    o = torch.flatten(torch.transpose(o, 1, 2), 2)\n"
                + "    y = torch.linear(o, " + cast("wo", precision) + ", " + cast("bo", precision) + ")\n"
                + "    return " + toFloat(hiddenDropout("y"), precision) + "\n"));
    }

    /**
     * A BERT feed-forward sublayer up to its output dense layer: {@code dropout(gelu(x Wiᵀ + bi) Woᵀ + bo)} with
     * the exact (erf) GELU. Arguments: x (B, T, H), wi, bi, wo, bo, the hidden dropout rate (0-d; 0 outside training).
     */
    static ScriptFunction bertFeedForward(Precision precision) {
        return GENERATED.computeIfAbsent("BertFeedForward" + suffix(precision), n -> new ScriptFunction(n,
                "x: Tensor,\n    wi: Tensor,\n    bi: Tensor,\n    wo: Tensor,\n    bo: Tensor,\n"
                + "    ph: Tensor) -> Tensor:\n"
                + "    h = torch.gelu(torch.linear(" + cast("x", precision) + ", " + cast("wi", precision) + ", "
                + cast("bi", precision) + "))\n"
                + "    y = torch.linear(h, " + cast("wo", precision) + ", " + cast("bo", precision) + ")\n"
                + "    return " + toFloat(hiddenDropout("y"), precision) + "\n"));
    }

    /**
     * The cross-entropy of {@code x Wᵀ} against labels with its gradients written out by hand (softmax minus the
     * one-hot label, over N) instead of recorded: run it without grad mode. The logits are one product and one
     * array, in the product's precision; the softmax and the loss walk them {@code rows} rows at a time in float32,
     * each chunk then overwritten by its gradient, which the two gradient products read. Arguments: x (N, H),
     * w (V, H), labels (N) int64, rows (0-d int64). Returns the summed negative log-likelihood, the count of arg-max
     * hits, and then as asked the gradient of the mean loss for x (N, H) and for w (V, H) — an empty tensor in place
     * of one not asked for.
     */
    static ScriptFunction linearCrossEntropy(Precision precision, boolean hiddenGradient, boolean weightGradient) {
        String name = "LinearCrossEntropy" + suffix(precision) + (hiddenGradient ? "HiddenGrad" : "")
                + (weightGradient ? "WeightGrad" : "");
        String none = "torch.slice(x, 0, 0, 0)";
        return GENERATED.computeIfAbsent(name, n -> new ScriptFunction(n, "x: Tensor,\n    w: Tensor,\n"
                + "    labels: Tensor,\n    rows: Tensor) -> Tuple[Tensor, Tensor, Tensor, Tensor]:\n"
                + "    n = torch.size(x, 0)\n    step = int(rows)\n    scale = 1. / n\n"
                + "    xc = " + cast("x", precision) + "\n    wc = " + cast("w", precision) + "\n"
                + "    logits = torch.linear(xc, wc)\n"
                + "    losses = annotate(List[Tensor], [])\n    hits = annotate(List[Tensor], [])\n"
                + "    for start in range(0, n, step):\n"
                + "      part = torch.slice(logits, 0, start, start + step)\n"
                + "      z = " + toFloat("part", precision) + "\n"
                + "      lc = torch.unsqueeze(torch.slice(labels, 0, start, start + step), 1)\n"
                + "      hits.append(torch.sum(torch.eq(torch.argmax(z, 1, True), lc)))\n"
                + "      logp = torch.log_softmax(z, 1)\n"
                + "      picked = torch.gather(logp, 1, lc)\n"
                + "      losses.append(torch.neg(torch.sum(picked)))\n"
                + (hiddenGradient || weightGradient
                ? "      p = torch.exp_(logp)\n"
                + "      p = torch.scatter_(p, 1, lc, torch.sub(torch.exp(picked), 1.))\n"
                + "      part = torch.copy_(part, torch.mul_(p, scale))\n" : "")
                + "    return (torch.sum(torch.stack(losses)), torch.sum(torch.stack(hits)), "
                + (hiddenGradient ? toFloat("torch.mm(logits, wc)", precision) : none) + ", "
                + (weightGradient ? toFloat("torch.mm(torch.t(logits), xc)", precision) : none) + ")\n"));
    }

    /** {@code torch.linear} of {@code x} by {@code weight}, with {@code bias} unless it is null, cast as asked. */
    private static String linear(String x, String weight, String bias, Precision precision) {
        return "torch.linear(" + x + ", " + cast(weight, precision) + (bias == null ? "" : ", " + cast(bias, precision))
                + ")";
    }

    private static String rmsNorm(String x, String weight) {
        return "torch.mul(torch.mul(" + x + ", torch.rsqrt(torch.add(torch.mean(torch.pow(" + x
                + ", 2), [-1], True), float(eps)))), " + weight + ")";
    }

    /** Grouped-query attention: each key and value head repeated for the query heads of its group, in place. */
    private static String keyValueHeadsPerQueryHead(String keys, String values) {
        return "    groups = torch.size(q, 1) // torch.size(" + keys + ", 1)\n"
                + "    if groups > 1:\n"
                + "      " + keys + " = torch.repeat_interleave(" + keys + ", groups, 1)\n"
                + "      " + values + " = torch.repeat_interleave(" + values + ", groups, 1)\n";
    }

    /** Heads {@code name} from part {@code part} of qkv's split: (B, heads, T, D). */
    private static String heads(String name, int part) {
        return "    " + name + " = torch.transpose(torch.reshape(parts[" + part + "], [b, t, -1, d]), 1, 2)\n";
    }

    /** {@code y} after dropout at the rate {@code ph} (0-d), none when the rate is 0 (outside training). */
    private static String hiddenDropout(String y) {
        return "torch.dropout(" + y + ", float(ph), bool(torch.gt(ph, 0.)))";
    }

    /** BERT's heads {@code name} from part {@code part} of qkv's split: (B, n, T, H / n). */
    private static String bertHeads(String name, int part) {
        return "    " + name + " = torch.transpose(torch.reshape(parts[" + part + "], [b, t, n, -1]), 1, 2)\n";
    }

    /** Rotate-half RoPE of {@code name} in place of it: x·cos + cat(-x₂, x₁)·sin. */
    private static String rotate(String name) {
        return "    halves = torch.chunk(" + name + ", 2, -1)\n"
                + "    " + name + " = torch.add(torch.mul(" + name + ", c), torch.mul(torch.cat([torch.neg(halves[1]), "
                + "halves[0]], -1), s))\n";
    }

    private static String suffix(Precision precision) {
        return precision == Precision.BF16 ? "Bf16" : "";
    }

    private static String cast(String tensor, Precision precision) {
        return precision == Precision.BF16 ? "torch.to(" + tensor + ", 15)" : tensor;
    }

    private static String toFloat(String tensor, Precision precision) {
        return precision == Precision.BF16 ? "torch.to(" + tensor + ", 6)" : tensor;
    }
}
