#!/usr/bin/env python3
"""Measure the step latencies `specsim calibrate` reads, on your own GPU.

Runs a Llama-shaped decoder with random weights (latency does not depend on
weight values) shaped by a Hugging Face config.json, the way the H100
calibration harness does (data/calibration/, shared README): fused QKV, RoPE
as x*cos + cat(-x2, x1)*sin on transposed views, a preallocated KV cache,
scaled_dot_product_attention over the cache (grouped-query heads not
expanded), fused gate+up, SiLU * up, down. Steps are captured in a CUDA graph
and replayed (median of --repeats replays after warm-up); `decode_eager` rows
are the same step without a graph.

Writes one JSON object per line (JSONL):
  device, copy, gemm, gemm_skinny, model,
  decode / decode_eager (batch, q new tokens over ctx cached),
  prefill (batch prompts of q tokens), tree (q tree nodes, boolean mask),
  medusa (K Medusa-1 heads over q tokens), eagle (the EAGLE drafter: FC + one
  decoder layer + LM head).

  python3 tools/measure-gpu.py --config path/to/config.json --out my-gpu.jsonl
  npx specsim calibrate --hardware my-gpu-profile.json --data my-gpu.jsonl --write fitted.json

--quick measures a few small shapes (a smoke test, e.g. on the CPU).
"""
import argparse
import json
import math
import statistics
import sys
import time

import torch
import torch.nn.functional as F

HAS_SDPA = hasattr(F, "scaled_dot_product_attention")


def ints(text):
    return [int(x) for x in text.split(",") if x]


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--config", required=True, help="Hugging Face config.json of the model to measure")
    p.add_argument("--name", help="model id written in the rows (default: the config's _name_or_path or 'model')")
    p.add_argument("--out", required=True, help="JSONL file to write")
    p.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    p.add_argument("--dtype", default=None, help="bfloat16 (GPU default) or float32 (CPU default)")
    p.add_argument("--batch", default="1,2,4,8,16,32,64,128")
    p.add_argument("--q", default="1,2,4,8,16")
    p.add_argument("--ctx", default="512")
    p.add_argument("--prefill", default="128,512,2048", help="prompt lengths for prefill rows (batch 1)")
    p.add_argument("--tree", default="16,64", help="tree sizes (nodes) for tree-verify rows")
    p.add_argument("--medusa", type=int, default=4, help="Medusa heads (0: no medusa rows)")
    p.add_argument("--no-eagle", action="store_true", help="skip the EAGLE drafter rows")
    p.add_argument("--repeats", type=int, default=20)
    p.add_argument("--quick", action="store_true", help="a few small shapes only")
    return p.parse_args(argv)


def load_shape(path):
    with open(path) as f:
        c = json.load(f)
    hidden = c["hidden_size"]
    heads = c["num_attention_heads"]
    return {
        "hidden": hidden, "layers": c["num_hidden_layers"], "heads": heads,
        "kv_heads": c.get("num_key_value_heads", heads), "inter": c["intermediate_size"],
        "vocab": c["vocab_size"], "head_dim": c.get("head_dim") or hidden // heads,
        "name": c.get("_name_or_path") or "model",
    }


class Timer:
    """Median ms of a step: replayed from a CUDA graph, or run eagerly (CPU, or graphs off)."""

    def __init__(self, device, repeats):
        self.device, self.repeats = device, repeats
        self.cuda = device.startswith("cuda")

    def sync(self):
        if self.cuda:
            torch.cuda.synchronize()

    def eager(self, fn):
        fn(); fn()
        self.sync()
        times = []
        for _ in range(self.repeats):
            t0 = time.perf_counter()
            fn()
            self.sync()
            times.append((time.perf_counter() - t0) * 1e3)
        return statistics.median(times)

    def graph(self, fn):
        if not self.cuda:
            return self.eager(fn)
        s = torch.cuda.Stream()
        s.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(s):
            fn(); fn()
        torch.cuda.current_stream().wait_stream(s)
        g = torch.cuda.CUDAGraph()
        with torch.cuda.graph(g):
            fn()
        g.replay()
        self.sync()
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        times = []
        for _ in range(self.repeats):
            start.record()
            g.replay()
            end.record()
            end.synchronize()
            times.append(start.elapsed_time(end))
        return statistics.median(times)


def rms_norm(x, w, eps=1e-5):
    v = x.float().pow(2).mean(-1, keepdim=True)
    return (x.float() * torch.rsqrt(v + eps)).to(x.dtype) * w


def rope(x, cos, sin):
    """x [b, heads, q, d] (a transposed view): x*cos + cat(-x2, x1)*sin, as the harness runs it."""
    half = x.shape[-1] // 2
    x1, x2 = x[..., :half], x[..., half:]
    return x * cos + torch.cat((-x2, x1), dim=-1) * sin


def attention(q, k, v, mask, causal, group):
    """SDPA over the cache; grouped-query heads are not expanded where PyTorch can avoid it."""
    if HAS_SDPA:
        try:
            return F.scaled_dot_product_attention(q, k, v, attn_mask=mask, is_causal=causal, enable_gqa=group > 1)
        except TypeError:  # PyTorch < 2.5: no enable_gqa
            pass
    if group > 1:
        k, v = k.repeat_interleave(group, dim=1), v.repeat_interleave(group, dim=1)
    if HAS_SDPA:
        return F.scaled_dot_product_attention(q, k, v, attn_mask=mask, is_causal=causal)
    s = (q @ k.transpose(-1, -2)) / math.sqrt(q.shape[-1])
    if causal:
        n, m = q.shape[-2], k.shape[-2]
        s = s.masked_fill(torch.ones(n, m, dtype=torch.bool, device=q.device).triu(m - n + 1), float("-inf"))
    elif mask is not None:
        s = s.masked_fill(~mask, float("-inf"))
    return torch.softmax(s.float(), dim=-1).to(q.dtype) @ v


class Layer:
    def __init__(self, sh, dev, dt):
        h, d, nh, nkv, i = sh["hidden"], sh["head_dim"], sh["heads"], sh["kv_heads"], sh["inter"]
        r = lambda *s: torch.randn(*s, device=dev, dtype=dt) * 0.02
        self.sh = sh
        self.wqkv, self.wo = r((nh + 2 * nkv) * d, h), r(h, nh * d)
        self.wgu, self.wd = r(2 * i, h), r(h, i)
        self.n1, self.n2 = torch.ones(h, device=dev, dtype=dt), torch.ones(h, device=dev, dtype=dt)

    def __call__(self, x, cache, ctx, cos, sin, mask, causal):
        sh = self.sh
        b, q, h = x.shape
        d, nh, nkv = sh["head_dim"], sh["heads"], sh["kv_heads"]
        qkv = F.linear(rms_norm(x, self.n1), self.wqkv).view(b, q, nh + 2 * nkv, d)
        qh = qkv[:, :, :nh].transpose(1, 2)
        kh = qkv[:, :, nh:nh + nkv].transpose(1, 2)
        vh = qkv[:, :, nh + nkv:].transpose(1, 2)
        qh, kh = rope(qh, cos, sin), rope(kh, cos, sin)
        kc, vc = cache
        kc[:, :, ctx:ctx + q] = kh
        vc[:, :, ctx:ctx + q] = vh
        o = attention(qh, kc[:, :, :ctx + q], vc[:, :, :ctx + q], mask, causal, nh // nkv)
        x = x + F.linear(o.transpose(1, 2).reshape(b, q, nh * d), self.wo)
        gu = F.linear(rms_norm(x, self.n2), self.wgu)
        i = sh["inter"]
        return x + F.linear(F.silu(gu[..., :i]) * gu[..., i:], self.wd)


class Model:
    """The target (sh['layers'] layers) or, with layers=1 and fc=True, the EAGLE drafter."""

    def __init__(self, sh, dev, dt, layers, fc=False):
        h = sh["hidden"]
        self.sh, self.dev, self.dt = sh, dev, dt
        self.layers = [Layer(sh, dev, dt) for _ in range(layers)]
        self.emb = torch.randn(sh["vocab"], h, device=dev, dtype=dt) * 0.02
        self.head = torch.randn(sh["vocab"], h, device=dev, dtype=dt) * 0.02
        self.norm = torch.ones(h, device=dev, dtype=dt)
        self.fc = torch.randn(h, 2 * h, device=dev, dtype=dt) * 0.02 if fc else None

    def step(self, batch, q, ctx, mode):
        """A closure running one step; mode: decode | prefill | tree."""
        sh, dev, dt = self.sh, self.dev, self.dt
        d, nkv = sh["head_dim"], sh["kv_heads"]
        caches = [(torch.zeros(batch, nkv, ctx + q, d, device=dev, dtype=dt), torch.zeros(batch, nkv, ctx + q, d, device=dev, dtype=dt)) for _ in self.layers]
        tokens = torch.randint(0, sh["vocab"], (batch, q), device=dev)
        feats = torch.randn(batch, q, sh["hidden"], device=dev, dtype=dt) if self.fc is not None else None
        pos = torch.arange(ctx, ctx + q, device=dev, dtype=torch.float32)
        inv = 1.0 / (10000 ** (torch.arange(0, d, 2, device=dev, dtype=torch.float32) / d))
        ang = torch.cat((pos[:, None] * inv, pos[:, None] * inv), dim=-1)
        cos, sin = ang.cos().to(dt), ang.sin().to(dt)
        mask = None
        if mode == "tree":  # a boolean [q, ctx + q] mask: every cached token, plus ancestors (a chain here; any tree costs the same)
            mask = torch.ones(q, ctx + q, dtype=torch.bool, device=dev)
            mask[:, ctx:] = torch.ones(q, q, dtype=torch.bool, device=dev).tril()
        causal = mode == "prefill"

        def run():
            x = F.embedding(tokens, self.emb)
            if self.fc is not None:
                x = F.linear(torch.cat((x, feats), dim=-1), self.fc)
            for layer, cache in zip(self.layers, caches):
                x = layer(x, cache, ctx, cos, sin, mask, causal)
            return F.linear(rms_norm(x, self.norm), self.head)
        return run


def medusa_step(sh, dev, dt, heads, batch, q):
    h = sh["hidden"]
    ws = [(torch.randn(h, h, device=dev, dtype=dt) * 0.02, torch.zeros(h, device=dev, dtype=dt), torch.randn(sh["vocab"], h, device=dev, dtype=dt) * 0.02) for _ in range(heads)]
    x = torch.randn(batch, q, h, device=dev, dtype=dt)

    def run():
        return [F.linear(x + F.silu(F.linear(x, w, b)), lm) for w, b, lm in ws]
    return run


def emit(out, row):
    out.write(json.dumps(row) + "\n")
    out.flush()
    print(json.dumps(row), file=sys.stderr)


def main(argv):
    a = parse_args(argv)
    dev = a.device
    dt = {"bfloat16": torch.bfloat16, "float16": torch.float16, "float32": torch.float32}[a.dtype or ("bfloat16" if dev.startswith("cuda") else "float32")]
    sh = load_shape(a.config)
    name = a.name or sh["name"].split("/")[-1].lower()
    if a.quick:
        a.batch, a.q, a.ctx, a.prefill, a.tree, a.repeats = "1,2", "1,4", "32", "16", "8", min(a.repeats, 3)
    t = Timer(dev, a.repeats)
    torch.manual_seed(0)
    with open(a.out, "w") as out, torch.inference_mode():
        props = torch.cuda.get_device_properties(dev) if t.cuda else None
        emit(out, {"kind": "device", "name": props.name if props else "cpu", "sms": props.multi_processor_count if props else torch.get_num_threads(),
                   "mem_GiB": round(props.total_memory / 2**30, 1) if props else None, "torch": torch.__version__})
        n = (16 if a.quick else 1024) * 2**20
        src = torch.empty(n // 2, device=dev, dtype=torch.float16)
        dst = torch.empty_like(src)
        ms = t.eager(lambda: dst.copy_(src))
        emit(out, {"kind": "copy", "bytes_moved": 2 * src.numel() * 2, "ms": ms, "GBps": 2 * src.numel() * 2 / ms / 1e6})
        del src, dst
        size = 256 if a.quick else 8192
        A, B = torch.randn(size, size, device=dev, dtype=dt), torch.randn(size, size, device=dev, dtype=dt)
        ms = t.eager(lambda: A @ B)
        emit(out, {"kind": "gemm", "m": size, "n": size, "k": size, "ms": ms, "TFLOPs": 2 * size**3 / ms / 1e9})
        del A, B
        k_, n_ = sh["hidden"], 2 * sh["inter"]
        W = torch.randn(n_, k_, device=dev, dtype=dt)
        for m in ([1, 16] if a.quick else [1, 8, 32, 128, 512, 2048]):
            x = torch.randn(m, k_, device=dev, dtype=dt)
            ms = t.eager(lambda: F.linear(x, W))
            emit(out, {"kind": "gemm_skinny", "m": m, "n": n_, "k": k_, "ms": ms, "TFLOPs": 2 * m * n_ * k_ / ms / 1e9})
        del W
        emit(out, {"kind": "model", "model": name, "shape": [sh["hidden"], sh["layers"], sh["heads"], sh["kv_heads"], sh["inter"], sh["vocab"]]})
        target = Model(sh, dev, dt, sh["layers"])
        for ctx in ints(a.ctx):
            for b in ints(a.batch):
                for q in ints(a.q):
                    emit(out, {"kind": "decode", "model": name, "batch": b, "q": q, "ctx": ctx, "ms": t.graph(target.step(b, q, ctx, "decode"))})
                if t.cuda:
                    emit(out, {"kind": "decode_eager", "model": name, "batch": b, "q": 1, "ctx": ctx, "ms": t.eager(target.step(b, 1, ctx, "decode"))})
            for q in ints(a.tree):
                for b in ints(a.batch)[:4]:
                    emit(out, {"kind": "tree", "model": name, "batch": b, "q": q, "ctx": ctx, "ms": t.graph(target.step(b, q, ctx, "tree"))})
        for q in ints(a.prefill):
            emit(out, {"kind": "prefill", "model": name, "batch": 1, "q": q, "ctx": 0, "ms": t.graph(target.step(1, q, 0, "prefill"))})
        if a.medusa > 0:
            for b in ints(a.batch):
                for q in ints(a.q):
                    emit(out, {"kind": "medusa", "model": name, "heads": a.medusa, "batch": b, "q": q, "ms": t.graph(medusa_step(sh, dev, dt, a.medusa, b, q))})
        if not a.no_eagle:
            drafter = Model(sh, dev, dt, 1, fc=True)
            for ctx in ints(a.ctx):
                for b in ints(a.batch):
                    for q in ints(a.q):
                        emit(out, {"kind": "eagle", "model": name, "batch": b, "q": q, "ctx": ctx, "ms": t.graph(drafter.step(b, q, ctx, "decode"))})


if __name__ == "__main__":
    main(sys.argv[1:])
