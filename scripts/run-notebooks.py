#!/usr/bin/python3
"""Runs Jupyter notebooks top to bottom through their own kernel, as CI does with the tour's.

    /usr/bin/python3 scripts/run-notebooks.py [--timeout S] [--output-dir DIR] [--kernel NAME] NOTEBOOK...

Each notebook runs in a fresh kernel (the one its metadata names, unless --kernel), in the
notebook's own folder, as Jupyter runs it. A cell that fails (an error, its kernel dying, more than
--timeout seconds) stops that notebook and prints

    NOTEBOOK: cell N (first line of the cell): ENAME: EVALUE
        traceback lines ...

with N counted from 0, as the cell ids cell-NN of the generated notebooks; the other notebooks still
run. A notebook that runs through prints one line: its cell count and seconds. The exit status is 0
when every notebook ran through, 1 when one failed, 2 when nbclient is missing or the arguments are
wrong. Kernels are found as Jupyter finds them (JUPYTER_PATH, then the usual folders).

Needs Debian's python3-nbclient (with nbformat and jupyter_client): scripts/run-notebooks.sh checks.
"""
import argparse
import os
import re
import sys
import time

INSTALL = "install them with: apt-get install jupyter-notebook python3-nbclient"
try:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
except ImportError as e:
    print(f"run-notebooks: {e.name or e} is missing for {sys.executable}; {INSTALL}"
          f" (Debian's packages are for /usr/bin/python3: run scripts/run-notebooks.sh, which uses it)", file=sys.stderr)
    sys.exit(2)

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def first_line(cell):
    """The first non-blank line of a cell's source, stripped."""
    return next((l.strip() for l in cell.source.splitlines() if l.strip()), "")


def error_of(cell, exc):
    """ENAME: EVALUE and the traceback lines, from the cell's error output (or the exception)."""
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            lines = [ANSI.sub("", t) for tb in out.get("traceback", []) for t in tb.splitlines()]
            return f"{out.get('ename')}: {out.get('evalue')}", lines
    return f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}", []


def run(path, timeout, kernel, output_dir):
    """Runs one notebook; prints its line or its failure; returns True when it ran through."""
    nb = nbformat.read(path, as_version=4)
    name = kernel or nb.metadata.get("kernelspec", {}).get("name")
    if not name:
        print(f"{path}: the notebook names no kernel (metadata.kernelspec.name); give --kernel")
        return False
    client = NotebookClient(nb, timeout=timeout, kernel_name=name,
                            resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
    start = time.monotonic()
    failed = None
    try:
        with client.setup_kernel():
            for index, cell in enumerate(nb.cells):
                try:
                    client.execute_cell(cell, index)
                except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:
                    failed = (index, cell, exc)
                    break
    except Exception as exc:  # the kernel did not start, or died between cells
        failed = failed or (None, None, exc)
    seconds = time.monotonic() - start
    if output_dir:
        os.makedirs(output_dir, exist_ok=True)
        nbformat.write(nb, os.path.join(output_dir, os.path.basename(path)))
    if failed is None:
        print(f"{path}: {len(nb.cells)} cells ({sum(c.cell_type == 'code' for c in nb.cells)} code) ran in {seconds:.1f} s")
        return True
    index, cell, exc = failed
    if cell is None:
        message = str(exc).strip().splitlines()
        print(f"{path}: kernel '{name}': {type(exc).__name__}: {message[0] if message else ''}")
        return False
    what, traceback = error_of(cell, exc)
    origin = cell.get("metadata", {}).get("jgrad", {}).get("origin")
    print(f"{path}: cell {index} ({first_line(cell)}): {what}")
    if origin:
        print(f"    the cell's code is {origin}")
    for line in traceback:
        print("    " + line)
    return False


def main():
    parser = argparse.ArgumentParser(description="Run notebooks top to bottom; name the notebook and cell that fails.")
    parser.add_argument("notebooks", nargs="+", help=".ipynb files")
    parser.add_argument("--timeout", type=int, default=120, help="seconds a cell may run (default 120)")
    parser.add_argument("--kernel", help="kernel name instead of the one the notebook names")
    parser.add_argument("--output-dir", help="write each executed notebook, with its outputs, into this folder")
    args = parser.parse_args()
    ok = [run(p, args.timeout, args.kernel, args.output_dir) for p in args.notebooks]
    sys.exit(0 if all(ok) else 1)


if __name__ == "__main__":
    main()
