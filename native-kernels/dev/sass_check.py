#!/usr/bin/env python3
"""Reads the SASS of the lab binary (cuobjdump -sass) and checks that each kernel holds the
instructions its version is about: no local memory (LDL/STL) anywhere; FFMA in the SGEMM
versions 5-8; LDS.128 (vectorized shared loads) in versions 6-8; HMMA.16816.F32 and LDSM
(ldmatrix) in every HGEMM; LDGSTS (cp.async) in the pipelined HGEMMs. Prints one line of
instruction counts per kernel. Standard library only; needs cuobjdump (CUOBJDUMP, PATH, or
/usr/local/cuda/bin).

With --library it reads the CUDA backend's fatbin instead (org/jgrad/cuda/jgrad-kernels.fatbin,
inside the native-kernels jar) and checks only its tensor-core GEMMs, matmul_tc_f16 and
matmul_tc_bf16 (matmul_tc.cu): HMMA.16816.F32 (the mma.sync m16n8k16 with float32 accumulators)
and no local memory. scripts/gpu-check.sh runs this on the GPU machine, where cuobjdump is.

  python3 sass_check.py native-kernels/target/lab/lab [sm_90]
  python3 sass_check.py --library jgrad-kernels.fatbin [sm_90]
"""
import os
import re
import shutil
import subprocess
import sys

# An instruction line: "/*0370*/  [@P0 | @!PT ...] OPCODE operands ;". "@!PT" guards an instruction
# that never executes (ptxas pads with "@!PT LDS RZ, [RZ]" before LDGSTS): not counted.
INSTRUCTION = re.compile(r"/\*[0-9a-f]{4,}\*/\s+(@!?U?P[T0-9]+\s+)?([A-Z][A-Z0-9_.]*)")
FUNCTION = re.compile(r"Function : (\S+)")

# Instruction classes counted per kernel: name -> predicate on the opcode.
CLASSES = {
    "FFMA": lambda op: op.split(".")[0] == "FFMA",
    "LDS.128": lambda op: op.startswith("LDS.") and ".128" in op and not op.startswith("LDSM"),
    "LDS<128": lambda op: (op == "LDS" or op.startswith("LDS.")) and ".128" not in op,
    "LDSM": lambda op: op.startswith("LDSM"),
    "HMMA.16816.F32": lambda op: op.startswith("HMMA.16816.F32"),
    "LDGSTS": lambda op: op.startswith("LDGSTS"),
    "LDG.128": lambda op: op.startswith("LDG.") and ".128" in op,   # not LDGSTS
    "LDL/STL": lambda op: op.split(".")[0] in ("LDL", "STL"),
}

# What each kernel must show (a substring of its mangled name -> classes that must be present).
EXPECTED = [
    ("sgemmBlocktiling2d", ["FFMA"]),
    ("sgemmVectorized", ["FFMA", "LDS.128"]),
    ("sgemmWarptiling", ["FFMA", "LDS.128"]),
    ("hgemmMmaSync", ["HMMA.16816.F32", "LDSM"]),
    ("hgemmPipelined", ["HMMA.16816.F32", "LDSM", "LDGSTS"]),
]

# The library's tensor-core kernels (extern "C", so unmangled) and what they must show.
LIBRARY_EXPECTED = [
    ("matmul_tc_f16", ["HMMA.16816.F32"]),
    ("matmul_tc_bf16", ["HMMA.16816.F32"]),
]


def find_cuobjdump():
    for candidate in (os.environ.get("CUOBJDUMP"), shutil.which("cuobjdump"), "/usr/local/cuda/bin/cuobjdump"):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def parse(sass):
    kernels, current = {}, None
    for line in sass.splitlines():
        m = FUNCTION.search(line)
        if m:
            current = kernels.setdefault(m.group(1), {c: 0 for c in CLASSES})
            continue
        m = INSTRUCTION.search(line)
        if m and current is not None and (m.group(1) or "").strip() != "@!PT":
            op = m.group(2)
            for name, test in CLASSES.items():
                if test(op):
                    current[name] += 1
    return kernels


def short(name):
    """A readable kernel name from an Itanium-mangled one: the (nested) name, then the template's
    integer arguments, e.g. _ZN5hgemm14hgemmPipelinedILi2EEEv... -> hgemm::hgemmPipelined<2>."""
    if not name.startswith("_Z"):
        return name
    i = 2
    nested = name[i] == "N"
    i += nested
    parts = []
    while i < len(name) and name[i].isdigit():
        digits = re.match(r"\d+", name[i:]).group(0)
        i += len(digits)
        parts.append(name[i:i + int(digits)])
        i += int(digits)
        if not nested:
            break
    numbers = re.findall(r"Li(\d+)E", name)
    return "::".join(parts) + ("<" + ",".join(numbers) + ">" if numbers else "")


def check_library(tool, fatbin, arch):
    """The tensor-core GEMMs of the library's fatbin: one cuobjdump call per kernel (-fun), so the
    other ~300 kernels are not disassembled."""
    problems, kernels = [], {}
    for name, needed in LIBRARY_EXPECTED:
        run = subprocess.run([tool, "-sass", "-arch", arch, "-fun", name, fatbin], capture_output=True, text=True)
        found = parse(run.stdout).get(name)
        if run.returncode != 0 or found is None:
            problems.append(f"{name}: no {arch} SASS in {fatbin}" + (f" ({run.stderr.strip()})" if run.stderr.strip() else ""))
            continue
        kernels[name] = found
        problems += [f"{name}: no {c}" for c in needed if found[c] == 0]
        if found["LDL/STL"]:
            problems.append(f"{name}: {found['LDL/STL']} local-memory instructions (LDL/STL)")
    print(f"[sass] {fatbin} ({arch}), tensor-core kernels:")
    for name, counts in kernels.items():
        print(f"  {name:<16} HMMA.16816.F32 {counts['HMMA.16816.F32']:>5}   LDL/STL {counts['LDL/STL']:>3}")
    if problems:
        print("[sass] NOT as intended:\n  " + "\n  ".join(problems))
        return 1
    print("[sass] as intended: " + ", ".join(f"{n} {c['HMMA.16816.F32']} HMMA" for n, c in kernels.items())
          + ", no LDL/STL")
    return 0


def main():
    args = sys.argv[1:]
    library = "--library" in args
    args = [a for a in args if a != "--library"]
    if not args:
        print(__doc__)
        return 2
    binary, arch = args[0], (args[1] if len(args) > 1 else "sm_90")
    tool = find_cuobjdump()
    if tool is None:
        print("[sass] cuobjdump not found (CUOBJDUMP, PATH, /usr/local/cuda/bin): SASS not checked")
        return 2
    if library:
        return check_library(tool, binary, arch)
    sass = subprocess.run([tool, "-sass", "-arch", arch, binary], capture_output=True, text=True, check=True).stdout
    kernels = parse(sass)
    if not kernels:
        print(f"[sass] no {arch} code in {binary}")
        return 1
    print(f"[sass] {binary} ({arch}), instructions per kernel:")
    print(f"  {'kernel':<44}" + "".join(f"{c:>15}" for c in CLASSES))
    problems = []
    for name in sorted(kernels, key=short):
        counts = kernels[name]
        print(f"  {short(name):<44}" + "".join(f"{counts[c]:>15}" for c in CLASSES))
        if counts["LDL/STL"]:
            problems.append(f"{short(name)}: {counts['LDL/STL']} local-memory instructions (LDL/STL)")
        for fragment, needed in EXPECTED:
            if fragment in name:
                problems += [f"{short(name)}: no {c}" for c in needed if counts[c] == 0]
    for fragment, _ in EXPECTED:
        if not any(fragment in name for name in kernels):
            problems.append(f"no kernel named *{fragment}* in the {arch} SASS")
    if problems:
        print("[sass] NOT as intended:\n  " + "\n  ".join(problems))
        return 1
    print(f"[sass] as intended: no LDL/STL in {len(kernels)} kernels; FFMA in SGEMM 5-8, LDS.128 in 6-8; "
          "HMMA.16816.F32 + LDSM in every HGEMM, LDGSTS in the pipelined ones")
    return 0


if __name__ == "__main__":
    sys.exit(main())
