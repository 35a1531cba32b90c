#!/usr/bin/env python3
"""PyTorch on the same card, same shapes, same timing rules as the kernel lab (lab.cu).

Writes the lab's JSON format (tool "torch"), so merge_results.py can put every lab version beside
PyTorch. Shapes follow lab.cu and memory.cu: square GEMMs (default 4096, 2048, 1024; --quick:
1024, 256), 64 Mi float32 elements for the memory-bound ops (--quick: 4 Mi).

Timing: one untimed run, then the median of up to --reps-max runs (about --budget-ms of work),
each bracketed by CUDA events, with a 256 MiB memset before each run to flush L2.
Each result is also checked (GEMMs against float64 on the GPU, the others against the obvious
formula), so a wrong peer cannot pass as a fast one.

  python3 torch_peer.py [--quick] [--sizes 4096,2048] [--ops sgemm,hgemm,memory] [--json torch.json]
"""
import argparse
import datetime
import json
import sys

import torch
import torch.nn.functional as F


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true")
    p.add_argument("--sizes", default=None)
    p.add_argument("--ops", default="memory,sgemm,hgemm")
    p.add_argument("--reps-max", type=int, default=50)
    p.add_argument("--budget-ms", type=float, default=400)
    p.add_argument("--json", default="torch.json")
    args, ignored = p.parse_known_args()   # the lab's other flags (--version, --seed) do not apply
    if ignored:
        print(f"[torch] ignoring lab-only flags {ignored}")
    if args.quick:
        args.reps_max = min(args.reps_max, 10)
        args.budget_ms = min(args.budget_ms, 100)
    args.sizes = [int(s) for s in (args.sizes or ("1024,256" if args.quick else "4096,2048,1024")).split(",") if s]
    args.ops = [o for o in args.ops.split(",") if o]
    return args


class Timer:
    """Median of CUDA-event timings, L2 flushed before every run (as lab.cuh's Timer)."""

    def __init__(self, args):
        self.args = args
        self.flush = torch.empty(256 << 20, dtype=torch.uint8, device="cuda")
        self.start = torch.cuda.Event(enable_timing=True)
        self.stop = torch.cuda.Event(enable_timing=True)

    def once(self, fn, round_):
        self.flush.fill_(round_ & 0xFF)
        self.start.record()
        fn()
        self.stop.record()
        self.stop.synchronize()
        return self.start.elapsed_time(self.stop)

    def time(self, fn):
        first = self.once(fn, 0)
        warm = 0 if first > self.args.budget_ms / 4 else 2
        for i in range(warm):
            self.once(fn, i + 1)
        reps = int(min(self.args.reps_max, max(3, self.args.budget_ms / max(first, 1e-3))))
        ms = sorted(self.once(fn, i + 7) for i in range(reps))
        median = ms[reps // 2] if reps % 2 else 0.5 * (ms[reps // 2 - 1] + ms[reps // 2])
        return {"reps": reps, "median_ms": median, "min_ms": ms[0]}


def result(op, name, shape, dtype, ok, timing, flops, nbytes, tolerance):
    r = {"op": op, "version": "torch", "name": name, "shape": shape, "dtype": dtype, "ok": bool(ok),
         "tolerance": tolerance}
    if ok:
        r.update(timing)
        r["gflops"] = flops / (timing["median_ms"] * 1e6) if flops else 0
        r["gbps"] = nbytes / (timing["median_ms"] * 1e6)
    state = "ok  " if ok else "FAIL"
    rate = f"{r.get('gflops', 0):9.1f} GFLOP/s" if flops else f"{r.get('gbps', 0):8.1f} GB/s"
    print(f"{op:<12} torch {name:<44} {shape:<16} {dtype:<4} {state} {r.get('median_ms', float('nan')):9.3f} ms {rate}",
          flush=True)
    return r


def gemm(args, timer, op, dtype, rtol, otol):
    rows = []
    gen = torch.Generator(device="cuda").manual_seed(1234)
    for n in args.sizes:
        a = (torch.rand(n, n, device="cuda", generator=gen) * 2 - 1).to(dtype)
        b = (torch.rand(n, n, device="cuda", generator=gen) * 2 - 1).to(dtype)
        c = torch.empty(n, n, device="cuda", dtype=dtype)
        torch.matmul(a, b, out=c)
        want = a.double() @ b.double()
        allowed = rtol * (a.double().abs() @ b.double().abs()) + otol * want.abs()
        ok = bool(((c.double() - want).abs() <= allowed).all())
        del want, allowed
        timing = timer.time(lambda: torch.matmul(a, b, out=c))
        name = "torch.matmul (cuBLAS, TF32 off)" if dtype == torch.float32 else "torch.matmul (cuBLAS, fp32 accumulate)"
        rows.append(result(op, name, f"{n}x{n}x{n}", "f32" if dtype == torch.float32 else "f16", ok, timing,
                           2.0 * n ** 3, (4 if dtype == torch.float32 else 2) * 3.0 * n * n,
                           f"|err| <= {rtol:.3g}*sum|ab| + {otol:.3g}*|want|"))
    return rows


def memory_bound(args, timer):
    n = (4 << 20) if args.quick else (64 << 20)
    rows = []
    x = torch.rand(n, device="cuda") * 2 - 1
    y = torch.empty_like(x)
    y.copy_(x)
    rows.append(result("copy", "Tensor.copy_", str(n), "f32", bool(torch.equal(x, y)), timer.time(lambda: y.copy_(x)),
                       0, 8.0 * n, "exact"))

    C = 4096
    R = n // C
    x2, bias, out = x.view(R, C), torch.rand(C, device="cuda") * 2 - 1, y.view(R, C)

    def bias_relu():
        torch.add(x2, bias, out=out)
        out.relu_()

    bias_relu()
    ok = bool(torch.equal(out, torch.clamp_min(x2 + bias, 0)))
    rows.append(result("bias_relu", "torch.add(out=) + relu_ (2 kernels)", f"{R}x{C}", "f32", ok, timer.time(bias_relu),
                       0, 8.0 * n + 4.0 * C, "exact"))

    V = 32768
    B = n // V
    logits = (x.view(B, V) * 5).requires_grad_(True)
    targets = torch.randint(0, V, (B,), device="cuda")

    def softmax_xent():
        loss = F.cross_entropy(logits, targets)
        return torch.autograd.grad(loss, logits)[0]

    grad = softmax_xent()
    want = (torch.softmax(logits.detach().double(), dim=1) - F.one_hot(targets, V).double()) / B
    ok = bool(((grad.double() - want).abs() <= 1e-4 * want.abs() + 1e-9 / B).all())
    del want
    rows.append(result("softmax_xent", "F.cross_entropy forward + backward", f"{B}x{V}", "f32", ok,
                       timer.time(softmax_xent), 0, 8.0 * n + 8.0 * B, "grad 1e-4*|want| + 1e-9/B"))
    return rows


def main():
    args = parse_args()
    if not torch.cuda.is_available():
        print("[torch] no CUDA device visible to PyTorch: nothing to run")
        return 4
    torch.backends.cuda.matmul.allow_tf32 = False   # an fp32 comparison, not TF32
    torch.backends.cudnn.allow_tf32 = False
    torch.backends.cuda.matmul.allow_fp16_reduced_precision_reduction = False   # fp32 accumulate, as the lab
    props = torch.cuda.get_device_properties(0)
    print(f"[torch] {props.name}, torch {torch.__version__}, CUDA {torch.version.cuda}")
    timer = Timer(args)
    rows = []
    if "memory" in args.ops:
        rows += memory_bound(args, timer)
    if "sgemm" in args.ops:
        rows += gemm(args, timer, "sgemm", torch.float32, 1.0 / 65536, 0)
    if "hgemm" in args.ops:
        rows += gemm(args, timer, "hgemm", torch.float16, 1.0 / 16384, 1.0 / 2048)
    copy = [r for r in rows if r["op"] == "copy" and r["ok"]]
    report = {"tool": "torch", "device": props.name, "compute_capability": f"{props.major}.{props.minor}",
              "sms": props.multi_processor_count, "torch": torch.__version__, "cuda": torch.version.cuda,
              "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
              "d2d_gbps": copy[0]["gbps"] if copy else None, "results": rows}
    with open(args.json, "w") as f:
        json.dump(report, f, indent=1)
    failed = sum(not r["ok"] for r in rows)
    print(f"[torch] {len(rows)} results, {failed} failed checks -> {args.json}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
