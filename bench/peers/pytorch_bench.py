#!/usr/bin/env python3
"""PyTorch eager as a peer of `./jgrad bench`, for a machine with a GPU (and no Java).

Runs the cases of a jgrad bench.json (the same ops, shapes and models (a)/(b)) with PyTorch eager
and writes the same JSON layout, which `./jgrad bench --merge FILE` (or `--render R --merge FILE`)
puts beside jgrad's figures with jgrad/peer ratios.

    python3 bench/peers/pytorch_bench.py --plan bench/results/cpu-quick-2026-11-27/bench.json \
        --device cuda --out pytorch-eager.json

UNTESTED: written on a machine without PyTorch; check it on the GPU machine before trusting it.

Timing follows jgrad's harness: warm-up (at least one call), then repeats of timed loops of enough
calls to last --min-loop-seconds, torch.cuda.synchronize() before every clock reading; median and
min-max over the repeats. TF32 is off, so float32 means float32. The MNIST epoch needs the raw IDX
files (--mnist DIR); without them it is reported as n/a.
"""
import argparse
import datetime
import json
import os
import platform
import statistics
import struct
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

CHANNELS = [1, 8, 16, 32, 16, 10]
PARAMETERS = {"a": 12126, "b": 41358}


def conv_bn(cin, cout, stride, relu=True):
    layers = [nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=True), nn.BatchNorm2d(cout)]
    return nn.Sequential(*layers, nn.ReLU()) if relu else nn.Sequential(*layers)


class Residual(nn.Module):
    """y = x + body(x), body = two 3x3 stride-1 conv-bn-relu blocks (identity shortcut)."""

    def __init__(self, c):
        super().__init__()
        self.body = nn.Sequential(conv_bn(c, c, 1), conv_bn(c, c, 1))

    def forward(self, x):
        return x + self.body(x)


def model(model_id):
    """(a) the fastai lesson-7 basic CNN; (b) the same with a residual block after each of the first four blocks."""
    layers = []
    for i in range(len(CHANNELS) - 1):
        last = i + 2 == len(CHANNELS)
        layers.append(conv_bn(CHANNELS[i], CHANNELS[i + 1], 2, relu=not last))
        if model_id == "b" and not last:
            layers.append(Residual(CHANNELS[i + 1]))
    net = nn.Sequential(*layers, nn.Flatten())
    count = sum(p.numel() for p in net.parameters())
    if count != PARAMETERS[model_id]:
        raise SystemExit(f"model ({model_id}) has {count} parameters, the definition {PARAMETERS[model_id]}")
    return net


def sync(device):
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def time_call(call, device, loops):
    start = time.perf_counter()
    for _ in range(loops):
        call()
    sync(device)
    return (time.perf_counter() - start) / loops


def measure(call, device, args):
    spent, last = 0.0, 0.0
    while True:
        last = time_call(call, device, 1)
        spent += last
        if spent >= args.warmup_seconds or last > args.max_call_seconds:
            break
    if last > args.max_call_seconds:
        return None, 0, f"skipped: one warm-up call took {last:.3g} s, above the limit of {args.max_call_seconds} s"
    loops = max(1, int(-(-args.min_loop_seconds // last))) if last > 0 else 1000
    samples = [time_call(call, device, loops) for _ in range(args.repeats)]
    return samples, loops, None


def prepare(family, p, dtype, device, mnist):
    g = torch.Generator(device="cpu").manual_seed(20261127)

    def randn(*shape):
        return torch.randn(*shape, generator=g).to(device=device, dtype=dtype)

    if family == "matmul":
        a, b = randn(p["n"], p["n"]), randn(p["n"], p["n"])
        return lambda: a @ b
    if family == "conv2d":
        x = randn(p["batch"], p["in"], p["height"], p["height"])
        w = randn(p["out"], p["in"], p["kernel"], p["kernel"])
        return lambda: F.conv2d(x, w, stride=p["stride"], padding=p["padding"])
    if family == "elementwise":
        a, b = randn(p["n"]), randn(p["n"])
        return (lambda: a + b) if p["op"] == "add" else (lambda: torch.relu(a))
    if family == "reduction":
        a = randn(p["n"])
        return (lambda: a.sum()) if p["op"] == "sum" else (lambda: a.max())
    if family in ("train_step", "epoch"):
        net = model(p["model"]).to(device=device, dtype=dtype).train()
        opt = torch.optim.Adam(net.parameters(), lr=1e-3)

        def step(x, y):
            opt.zero_grad(set_to_none=True)
            loss = F.cross_entropy(net(x), y)
            loss.backward()
            opt.step()
            return loss

        if family == "train_step":
            x = randn(p["batch"], 1, 28, 28)
            y = torch.randint(0, 10, (p["batch"],), generator=g).to(device)
            return lambda: step(x, y)
        if mnist is None:
            raise NotImplementedError("the MNIST epoch needs --mnist DIR (raw IDX files)")
        images, labels = mnist
        images = images[: p["images"]].to(device=device, dtype=dtype)
        labels = labels[: p["images"]].to(device)
        order = torch.randperm(p["images"], generator=g).to(device)

        def epoch():
            for i in range(0, p["images"], p["batch"]):
                idx = order[i:i + p["batch"]]
                step(images[idx], labels[idx])

        return epoch
    raise NotImplementedError(f"unknown family {family}")


def read_mnist(folder):
    def idx(name):
        with open(os.path.join(folder, name), "rb") as f:
            data = f.read()
        dims = data[3]
        shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
        return torch.frombuffer(bytearray(data[4 + 4 * dims:]), dtype=torch.uint8).reshape(shape)

    images = idx("train-images-idx3-ubyte").float().div(255).unsqueeze(1)
    labels = idx("train-labels-idx1-ubyte").long()
    return images, labels


def work(family, p, dtype):
    size = torch.tensor([], dtype=dtype).element_size()
    if family == "matmul":
        return 2.0 * p["n"] ** 3, "GFLOP/s"
    if family == "conv2d":
        oh = (p["height"] + 2 * p["padding"] - p["kernel"]) // p["stride"] + 1
        return 2.0 * p["batch"] * p["out"] * oh * oh * p["in"] * p["kernel"] ** 2, "GFLOP/s"
    if family == "elementwise":
        return (3.0 if p["op"] == "add" else 2.0) * p["n"] * size, "GB/s"
    if family == "reduction":
        return float(p["n"] * size), "GB/s"
    if family == "train_step":
        return float(p["batch"]), "images/s"
    return float(p["images"]), "images/s"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--plan", default="bench/results/cpu-quick-2026-11-27/bench.json", help="a jgrad bench.json whose cases to run")
    ap.add_argument("--out", default="pytorch-eager.json")
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--dtype", default="float32,float16")
    ap.add_argument("--mnist", help="folder with train-images-idx3-ubyte and train-labels-idx1-ubyte")
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--warmup-seconds", type=float, default=0.3)
    ap.add_argument("--min-loop-seconds", type=float, default=0.05)
    ap.add_argument("--max-call-seconds", type=float, default=60.0)
    args = ap.parse_args()

    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    device = torch.device(args.device)
    mnist = read_mnist(args.mnist) if args.mnist else None
    with open(args.plan) as f:
        plan = json.load(f)
    cases, seen = [], set()
    for r in plan["results"]:
        key = (r["family"], json.dumps(r["params"], sort_keys=True))
        if key not in seen:
            seen.add(key)
            cases.append((r["family"], r["label"], r["params"]))

    device_name = str(device) if device.type == "cpu" else f"cuda:{device.index or 0}"
    engine = f"pytorch-eager on {device_name}: PyTorch {torch.__version__}"
    if device.type == "cuda":
        props = torch.cuda.get_device_properties(device)
        engine += f", {props.name}, {props.total_memory / 2**30:.0f} GiB, CUDA {torch.version.cuda}, cuDNN {torch.backends.cudnn.version()}"
    else:
        engine += f", {torch.get_num_threads()} threads"
    results = []
    for dtype_name in args.dtype.split(","):
        dtype = getattr(torch, dtype_name)
        for family, label, params in cases:
            w, unit = work(family, params, dtype)
            result = {"engine": "pytorch-eager", "device": device_name, "dtype": dtype_name, "family": family, "label": label,
                      "params": params, "unit": unit, "work": w}
            try:
                samples, loops, na = measure(prepare(family, params, dtype, device, mnist), device, args)
            except (RuntimeError, NotImplementedError) as e:
                samples, loops, na = None, 0, f"failed: {type(e).__name__}: {str(e).splitlines()[0]}"
            if samples:
                s = sorted(samples)
                q = statistics.quantiles(s, n=4, method="inclusive") if len(s) > 1 else [s[0]] * 3
                median = statistics.median(s)
                result.update({"rate": w / median / (1 if unit == "images/s" else 1e9), "median_s": median, "min_s": s[0],
                               "q1_s": q[0], "q3_s": q[2], "max_s": s[-1], "mean_s": statistics.fmean(s),
                               "std_s": statistics.pstdev(s), "repeats": len(s), "loops": loops})
            result["na"] = na
            results.append(result)
            print(f"{dtype_name:8s} {label:30s} " + (f"{result['median_s'] * 1e3:10.3f} ms  {result['rate']:.4g} {unit}" if samples else f"n/a: {na}"))

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    machine = {"cpu": platform.processor() or platform.machine(), "cores": os.cpu_count(), "java": f"(none: Python {platform.python_version()})",
               "os": f"{platform.system()} {platform.release()}", "engines": [engine],
               "date": datetime.datetime.now(datetime.timezone.utc).isoformat(), "load": f"1-minute load average {load:.1f} at the end"}
    with open(args.out, "w") as f:
        json.dump({"plan": plan.get("plan", ""), "machine": machine, "settings": vars(args), "merged": [], "results": results}, f, indent=2)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
