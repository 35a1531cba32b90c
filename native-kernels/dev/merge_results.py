#!/usr/bin/env python3
"""Merges the kernel lab's JSON (lab.cu) and the PyTorch peer's (torch_peer.py) into one Markdown
results table for the card: every lab version beside PyTorch on the same op and shape, with the
fraction of PyTorch and, for memory-bound ops, of the measured cudaMemcpy device-to-device rate.
Standard library only.

  python3 merge_results.py --lab lab.json [--peer torch.json] --out results.md
"""
import argparse
import json
import os
import sys

# The targets: the best version at the largest shape against these fractions.
TARGETS = {
    "sgemm": ("PyTorch", 0.90),
    "hgemm": ("PyTorch", 0.70),
    "bias_relu": ("D2D copy", 0.85),
    "softmax_xent": ("D2D copy", 0.85),
    "copy": ("D2D copy", 0.85),
}
GEMM_OPS = ("sgemm", "hgemm")


def load(path):
    if not path or not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def shape_size(shape):
    """Sort key: larger problems first (product of the dimensions)."""
    size = 1
    for part in shape.split("x"):
        size *= int(part) if part.isdigit() else 1
    return size


def fmt(value, spec):
    return format(value, spec) if isinstance(value, (int, float)) else "–"


def rate(row, op):
    if not row.get("ok"):
        return None
    return row.get("gflops") if op in GEMM_OPS else row.get("gbps")


def table(lab, peer):
    d2d = lab.get("d2d_gbps")
    peer_rows = {(r["op"], r["shape"]): r for r in (peer or {}).get("results", [])}
    groups = {}
    for r in lab["results"]:
        groups.setdefault((r["op"], r["shape"]), []).append(r)
    op_order = ["copy", "bias_relu", "softmax_xent", "sgemm", "hgemm"]
    keys = sorted(groups, key=lambda k: (op_order.index(k[0]) if k[0] in op_order else 99, -shape_size(k[1])))
    lines = ["| op | shape | version | kernel | check | median ms | rate | of D2D copy | of PyTorch |",
             "| --- | --- | --- | --- | --- | ---: | ---: | ---: | ---: |"]
    summary = {}
    for key in keys:
        op, shape = key
        unit = "GFLOP/s" if op in GEMM_OPS else "GB/s"
        ref = peer_rows.get(key)
        ref_rate = rate(ref, op) if ref else None
        rows = ([ref] if ref else []) + groups[key]
        for r in rows:
            value = rate(r, op)
            check = "ok" if r.get("ok") else "**FAIL** " + r.get("first_failure", "")
            of_d2d = fmt(value / d2d, ".2f") if value and d2d and op not in GEMM_OPS else ""
            of_peer = fmt(value / ref_rate, ".2f") if value and ref_rate else "–"
            name = r["name"] + (" *(PyTorch)*" if r["version"] == "torch" else "")
            lines.append(f"| {op} | {shape} | {r['version']} | {name} | {check} | {fmt(r.get('median_ms'), '.3f')} | "
                         f"{fmt(value, '.1f') + ' ' + unit if value else '–'} | {of_d2d} | {of_peer} |")
            if r["version"] not in ("torch", "memcpy") and value:   # memcpy is the ceiling itself
                best = summary.get(op)
                if best is None or (shape_size(shape), value) > (shape_size(best[0]), best[2]):
                    summary[op] = (shape, r, value, ref_rate)
    return lines, summary


def target_lines(summary, d2d):
    lines = ["| op | best version at the largest shape | rate | target | reached |", "| --- | --- | ---: | --- | --- |"]
    for op, (shape, r, value, ref_rate) in summary.items():
        against, goal = TARGETS.get(op, ("D2D copy", 0.85))
        ceiling = ref_rate if against == "PyTorch" else d2d
        fraction = value / ceiling if ceiling else None
        unit = "GFLOP/s" if op in GEMM_OPS else "GB/s"
        reached = "–" if fraction is None else ("yes" if fraction >= goal else "no") + f" ({fraction:.2f})"
        lines.append(f"| {op} | {shape} v{r['version']} {r['name']} | {value:.1f} {unit} | "
                     f"{goal:.2f} of {against} | {reached} |")
    return lines


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--lab", required=True)
    p.add_argument("--peer")
    p.add_argument("--out", required=True)
    args = p.parse_args()
    lab = load(args.lab)
    if lab is None:
        print(f"merge: no lab results at {args.lab}", file=sys.stderr)
        return 1
    peer = load(args.peer)
    lines, summary = table(lab, peer)
    d2d = lab.get("d2d_gbps")
    head = [f"# Kernel lab on {lab['device']} (compute capability {lab['compute_capability']}, {lab['sms']} SMs)", "",
            f"Measured {lab['date']} by `native-kernels/dev/run-lab.sh`; CUDA driver {lab['driver']}, runtime "
            f"{lab['runtime']}" + (f"; PyTorch {peer['torch']} (CUDA {peer['cuda']}) in the same run." if peer else
                                    "; **no PyTorch peer results** (torch_peer.py failed or was skipped)."),
            "Medians of CUDA-event timings after warm-up, L2 flushed (256 MiB memset) before every run; every "
            "version checked against a double-precision CPU reference first (`check`). Rates count the fewest "
            "bytes an op must move and 2MNK flops for GEMMs. "
            f"Memory ceiling: cudaMemcpy device-to-device {fmt(d2d, '.0f')} GB/s (read + write).", "",
            "## Against the issue's targets", ""] + target_lines(summary, d2d) + ["", "## Every version", ""]
    failures = sum(not r.get("ok") for r in lab["results"] + ((peer or {}).get("results", [])))
    with open(args.out, "w") as f:
        f.write("\n".join(head + lines) + "\n")
    print("\n".join(head + lines))
    print(f"\nmerge: wrote {args.out} ({failures} failed checks)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
