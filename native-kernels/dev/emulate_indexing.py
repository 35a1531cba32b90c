#!/usr/bin/env python3
"""Replays the index arithmetic of the lab's tiled kernels on the CPU, without a GPU.

Each function below is a line-by-line transcription of one kernel in sgemm.cu or hgemm.cu (the
same index expressions, with // for integer division), executed block by block: every thread's
loads into shared memory, the barrier, every thread's compute, and the final stores. Inputs are
small integers in float64, so a correct kernel reproduces A @ B exactly. Besides the product it
checks that every shared-memory slot and every output is written exactly once.

For the tensor-core kernels, ldmatrix and mma.sync are modelled from the PTX ISA's fragment
layouts (written down once, in ldmatrix_x4 and mma_m16n8k16 below), so the test checks the
kernels' lane address expressions against those layouts. The cp.async pipeline is replayed twice:
with copies landing at once, and with copies landing only when cp.async.wait_group retires them.

What it cannot show: races between warps (it runs threads in a fixed order between barriers),
floating-point behaviour, speed. The GPU run checks those.

  python3 emulate_indexing.py       (numpy; about a minute on one core)
"""
import sys

import numpy as np

RNG = np.random.default_rng(7)


def integer_matrix(rows, cols):
    return RNG.integers(-3, 4, size=(rows, cols)).astype(np.float64)


class Slots:
    """A flat array that records how often each slot was written (shared memory or C)."""

    def __init__(self, n):
        self.value = np.full(n, np.nan)
        self.writes = np.zeros(n, dtype=np.int64)

    def write(self, index, values):
        values = np.atleast_1d(values)
        self.value[index:index + len(values)] = values
        self.writes[index:index + len(values)] += 1

    def read(self, index, n=1):
        out = self.value[index:index + n]
        assert not np.isnan(out).any(), f"read of an unwritten slot at {index}"
        return out

    def assert_each_written_once(self, what):
        bad = np.flatnonzero(self.writes != 1)
        assert len(bad) == 0, f"{what}: slot {bad[0]} written {self.writes[bad[0]]} times"


# --------------------------------------------------------------------------------------------
# SGEMM (sgemm.cu)

def replay_tiled(A, B, BM, BN, BK, threads, acc_shape, load, compute, store):
    """Runs a tiled SGEMM block by block, the way the barriers order it: for each BK step every
    thread's load(tid, As, Bs, rowBase, colBase, k0) into fresh shared memory (each slot must be
    written once), then every thread's compute(tid, As, Bs, acc); at the end every thread's
    store(tid, C, rowBase, colBase, acc). Shared arrays and A, B, C are flat, as in the kernels."""
    M, K = A.shape
    N = B.shape[1]
    C = Slots(M * N)
    for by in range(M // BM):
        for bx in range(N // BN):
            rowBase, colBase = by * BM, bx * BN
            acc = np.zeros((threads,) + acc_shape)
            for k0 in range(0, K, BK):
                As, Bs = Slots(BM * BK), Slots(BK * BN)
                for tid in range(threads):
                    load(tid, As, Bs, rowBase, colBase, k0)
                As.assert_each_written_once("As")
                Bs.assert_each_written_once("Bs")
                for tid in range(threads):
                    compute(tid, As, Bs, acc[tid])
            for tid in range(threads):
                store(tid, C, rowBase, colBase, acc[tid])
    C.assert_each_written_once("C")
    return C.value.reshape(M, N)


def sgemm_shared_tiles(A, B, TILE=32):
    K, N = A.shape[1], B.shape[1]
    Af, Bf = A.ravel(), B.ravel()

    def load(tid, As, Bs, rowBase, colBase, k0):
        ty, tx = tid // TILE, tid % TILE
        m, n = rowBase + ty, colBase + tx
        As.write(ty * TILE + tx, Af[m * K + k0 + tx])
        Bs.write(ty * TILE + tx, Bf[(k0 + ty) * N + n])

    def compute(tid, As, Bs, acc):
        ty, tx = tid // TILE, tid % TILE
        for k in range(TILE):
            acc[0] += As.read(ty * TILE + k)[0] * Bs.read(k * TILE + tx)[0]

    def store(tid, C, rowBase, colBase, acc):
        ty, tx = tid // TILE, tid % TILE
        C.write((rowBase + ty) * N + colBase + tx, acc[0])

    return replay_tiled(A, B, TILE, TILE, TILE, TILE * TILE, (1,), load, compute, store)


def sgemm_blocktiling_1d(A, B, BM=64, BN=64, BK=8, TM=8):
    K, N = A.shape[1], B.shape[1]
    Af, Bf = A.ravel(), B.ravel()

    def load(tid, As, Bs, rowBase, colBase, k0):
        aRow, aCol = tid // BK, tid % BK
        bRow, bCol = tid // BN, tid % BN
        As.write(aRow * BK + aCol, Af[(rowBase + aRow) * K + k0 + aCol])
        Bs.write(bRow * BN + bCol, Bf[(k0 + bRow) * N + colBase + bCol])

    def compute(tid, As, Bs, acc):
        threadCol, threadRow = tid % BN, tid // BN
        for dot in range(BK):
            b = Bs.read(dot * BN + threadCol)[0]
            for i in range(TM):
                acc[i] += As.read((threadRow * TM + i) * BK + dot)[0] * b

    def store(tid, C, rowBase, colBase, acc):
        threadCol, threadRow = tid % BN, tid // BN
        for i in range(TM):
            C.write((rowBase + threadRow * TM + i) * N + colBase + threadCol, acc[i])

    return replay_tiled(A, B, BM, BN, BK, BM * BN // TM, (TM,), load, compute, store)


def sgemm_blocktiling_2d(A, B, BM=128, BN=128, BK=8, TM=8, TN=8):
    K, N = A.shape[1], B.shape[1]
    Af, Bf = A.ravel(), B.ravel()
    threads = BM * BN // (TM * TN)

    def load(tid, As, Bs, rowBase, colBase, k0):
        aRow, aCol, aStride = tid // BK, tid % BK, threads // BK
        bRow, bCol, bStride = tid // BN, tid % BN, threads // BN
        for r in range(0, BM, aStride):
            As.write((aRow + r) * BK + aCol, Af[(rowBase + aRow + r) * K + k0 + aCol])
        for r in range(0, BK, bStride):
            Bs.write((bRow + r) * BN + bCol, Bf[(k0 + bRow + r) * N + colBase + bCol])

    def compute(tid, As, Bs, acc):
        threadCol, threadRow = tid % (BN // TN), tid // (BN // TN)
        for dot in range(BK):
            regM = np.array([As.read((threadRow * TM + i) * BK + dot)[0] for i in range(TM)])
            regN = np.array([Bs.read(dot * BN + threadCol * TN + j)[0] for j in range(TN)])
            acc += np.outer(regM, regN)

    def store(tid, C, rowBase, colBase, acc):
        threadCol, threadRow = tid % (BN // TN), tid // (BN // TN)
        for i in range(TM):
            for j in range(TN):
                C.write((rowBase + threadRow * TM + i) * N + colBase + threadCol * TN + j, acc[i, j])

    return replay_tiled(A, B, BM, BN, BK, threads, (TM, TN), load, compute, store)


def sgemm_vectorized(A, B, BM=128, BN=128, BK=8, TM=8, TN=8):
    K, N = A.shape[1], B.shape[1]
    Af, Bf = A.ravel(), B.ravel()
    threads = BM * BN // (TM * TN)

    def load(tid, As, Bs, rowBase, colBase, k0):
        aRow, aCol4 = tid // (BK // 4), tid % (BK // 4)
        bRow, bCol4 = tid // (BN // 4), tid % (BN // 4)
        start = (rowBase + aRow) * K + k0 + aCol4 * 4
        a = Af[start:start + 4]
        for c in range(4):
            As.write((aCol4 * 4 + c) * BM + aRow, a[c])
        start = (k0 + bRow) * N + colBase + bCol4 * 4
        Bs.write(bRow * BN + bCol4 * 4, Bf[start:start + 4])

    def compute(tid, As, Bs, acc):
        threadCol, threadRow = tid % (BN // TN), tid // (BN // TN)
        for dot in range(BK):
            regM = np.concatenate([As.read(dot * BM + threadRow * TM + i, 4) for i in range(0, TM, 4)])
            regN = np.concatenate([Bs.read(dot * BN + threadCol * TN + j, 4) for j in range(0, TN, 4)])
            acc += np.outer(regM, regN)

    def store(tid, C, rowBase, colBase, acc):
        threadCol, threadRow = tid % (BN // TN), tid // (BN // TN)
        for i in range(TM):
            for j in range(0, TN, 4):
                C.write((rowBase + threadRow * TM + i) * N + colBase + threadCol * TN + j, acc[i, j:j + 4])

    return replay_tiled(A, B, BM, BN, BK, threads, (TM, TN), load, compute, store)


def sgemm_warptiling(A, B, BM, BN, BK, WM, WN, WNITER, TM, TN, THREADS):
    K, N = A.shape[1], B.shape[1]
    Af, Bf = A.ravel(), B.ravel()
    WMITER = (WM * WN) // (32 * TM * TN * WNITER)
    WSUBM, WSUBN = WM // WMITER, WN // WNITER
    A_ROW_STRIDE, B_ROW_STRIDE = THREADS // (BK // 4), THREADS // (BN // 4)
    assert (BM // WM) * (BN // WN) == THREADS // 32 and (WSUBM // TM) * (WSUBN // TN) == 32

    def coordinates(tid):
        lane, warp = tid % 32, tid // 32
        warpRow, warpCol = warp // (BN // WN), warp % (BN // WN)
        threadRowInWarp, threadColInWarp = lane // (WSUBN // TN), lane % (WSUBN // TN)
        return warpRow * WM + threadRowInWarp * TM, warpCol * WN + threadColInWarp * TN

    def load(tid, As, Bs, rowBase, colBase, k0):
        aRow, aCol4 = tid // (BK // 4), tid % (BK // 4)
        bRow, bCol4 = tid // (BN // 4), tid % (BN // 4)
        for r in range(0, BM, A_ROW_STRIDE):
            start = (rowBase + aRow + r) * K + k0 + aCol4 * 4
            a = Af[start:start + 4]
            for c in range(4):
                As.write((aCol4 * 4 + c) * BM + aRow + r, a[c])
        for r in range(0, BK, B_ROW_STRIDE):
            start = (k0 + bRow + r) * N + colBase + bCol4 * 4
            Bs.write((bRow + r) * BN + bCol4 * 4, Bf[start:start + 4])

    def compute(tid, As, Bs, acc):
        myRow, myCol = coordinates(tid)
        for dot in range(BK):
            regM = np.concatenate([As.read(dot * BM + myRow + wm * WSUBM + i, 4)
                                   for wm in range(WMITER) for i in range(0, TM, 4)])
            regN = np.concatenate([Bs.read(dot * BN + myCol + wn * WSUBN + j, 4)
                                   for wn in range(WNITER) for j in range(0, TN, 4)])
            acc += np.outer(regM, regN)

    def store(tid, C, rowBase, colBase, acc):
        myRow, myCol = coordinates(tid)
        for wm in range(WMITER):
            for i in range(TM):
                for wn in range(WNITER):
                    for j in range(0, TN, 4):
                        v = acc[wm * TM + i, wn * TN + j:wn * TN + j + 4]
                        C.write((rowBase + myRow + wm * WSUBM + i) * N + colBase + myCol + wn * WSUBN + j, v)

    return replay_tiled(A, B, BM, BN, BK, THREADS, (WMITER * TM, WNITER * TN), load, compute, store)


# The configurations of sgemm.cu's kTuneCandidates (version 7 is the first).
WARPTILE_CONFIGS = [
    (128, 128, 16, 64, 64, 4, 8, 4, 128),
    (128, 128, 8, 64, 32, 2, 8, 4, 256),
    (64, 128, 16, 32, 64, 2, 8, 4, 128),
    (128, 256, 16, 64, 64, 4, 8, 4, 256),
    (256, 128, 16, 64, 64, 4, 8, 4, 256),
]


# --------------------------------------------------------------------------------------------
# HGEMM (hgemm.cu). Shared memory holds halves; here one float64 per half.

def ldmatrix_x4(smem, addresses, trans):
    """PTX ldmatrix .m8n8.x4 .b16: lanes 8i..8i+7 give the row addresses of matrix i. Without
    .trans, lane l receives in register i row l/4, columns 2(l%4) and 2(l%4)+1 of matrix i; with
    .trans it receives column l/4, rows 2(l%4) and 2(l%4)+1. Returns regs[lane][i] = (lo, hi)."""
    regs = [[None] * 4 for _ in range(32)]
    for lane in range(32):
        for i in range(4):
            if trans:
                pair = tuple(smem.read(addresses[8 * i + 2 * (lane % 4) + e] + lane // 4)[0] for e in range(2))
            else:
                pair = tuple(smem.read(addresses[8 * i + lane // 4] + 2 * (lane % 4) + e)[0] for e in range(2))
            regs[lane][i] = pair
    return regs


def mma_m16n8k16(acc, a, b):
    """PTX mma.m16n8k16.row.col f32.f16.f16.f32 for one warp, from the ISA's fragment layouts
    (lane = 4 g + t): A regs (row g, k 2t..), (row g+8, k 2t..), (row g, k 8+2t..), (row g+8, k 8+2t..);
    B regs (k 2t.., col g), (k 8+2t.., col g); C (row g, cols 2t, 2t+1), (row g+8, cols 2t, 2t+1)."""
    Am, Bm = np.full((16, 16), np.nan), np.full((16, 8), np.nan)
    for lane in range(32):
        g, t = lane // 4, lane % 4
        for e in range(2):
            Am[g, 2 * t + e], Am[g + 8, 2 * t + e] = a[lane][0][e], a[lane][1][e]
            Am[g, 8 + 2 * t + e], Am[g + 8, 8 + 2 * t + e] = a[lane][2][e], a[lane][3][e]
            Bm[2 * t + e, g], Bm[8 + 2 * t + e, g] = b[lane][0][e], b[lane][1][e]
    assert not np.isnan(Am).any() and not np.isnan(Bm).any()
    D = Am @ Bm
    for lane in range(32):
        g, t = lane // 4, lane % 4
        acc[lane] += [D[g, 2 * t], D[g, 2 * t + 1], D[g + 8, 2 * t], D[g + 8, 2 * t + 1]]


BM, BN, BK, WM, WN = 128, 128, 32, 64, 32
MI, NI = WM // 16, WN // 8
THREADS = (BM // WM) * (BN // WN) * 32
A_STRIDE, B_STRIDE = BK + 8, BN + 8
A_TILE, B_TILE = BM * A_STRIDE, BK * B_STRIDE
A_CHUNKS, B_CHUNKS = BM * BK // 8, BK * BN // 8


def a_chunk(c):
    return c // (BK // 8), (c % (BK // 8)) * 8


def b_chunk(c):
    return c // (BN // 8), (c % (BN // 8)) * 8


def warp_tile_mma(smem, a_base, b_base, acc, warpRow, warpCol):
    """hgemm::warpTileMma for one warp; acc[mi][ni] is a (32, 4) array (lane, register)."""
    for kk in range(0, BK, 16):
        a = [ldmatrix_x4(smem, [a_base + (warpRow * WM + mi * 16 + lane % 16) * A_STRIDE + kk + (lane // 16) * 8
                                for lane in range(32)], trans=False) for mi in range(MI)]
        b = [None] * NI
        for nj in range(NI // 2):
            r = ldmatrix_x4(smem, [b_base + (kk + lane % 8 + ((lane // 8) % 2) * 8) * B_STRIDE + warpCol * WN + nj * 16
                                   + (lane // 16) * 8 for lane in range(32)], trans=True)
            b[2 * nj] = [(r[lane][0], r[lane][1]) for lane in range(32)]
            b[2 * nj + 1] = [(r[lane][2], r[lane][3]) for lane in range(32)]
        for mi in range(MI):
            for ni in range(NI):
                mma_m16n8k16(acc[mi][ni], a[mi], b[ni])


def store_tile(C, N, rowBase, colBase, acc):
    for lane in range(32):
        g, t = lane // 4, lane % 4
        for mi in range(MI):
            for ni in range(NI):
                row, col = rowBase + mi * 16 + g, colBase + ni * 8 + 2 * t
                C.write(row * N + col, acc[mi][ni][lane, 0:2])
                C.write((row + 8) * N + col, acc[mi][ni][lane, 2:4])


def load_tile(write, A, B, N, K, a_base, b_base, rowBase, colBase, k0):
    """The chunk loops shared by hgemmMmaSync and loadTileAsync; write(dst, values) stores or queues."""
    for tid in range(THREADS):
        for i in range(A_CHUNKS // THREADS):
            c = tid + i * THREADS
            row, col = a_chunk(c)
            start = (rowBase + row) * K + k0 + col
            write(a_base + row * A_STRIDE + col, A[start:start + 8])
        for i in range(B_CHUNKS // THREADS):
            c = tid + i * THREADS
            row, col = b_chunk(c)
            start = (k0 + row) * N + colBase + col
            write(b_base + row * B_STRIDE + col, B[start:start + 8])


def hgemm_mma_sync(A, B):
    M, K = A.shape
    N = B.shape[1]
    Af, Bf, C = A.ravel(), B.ravel(), Slots(M * N)
    for by in range(M // BM):
        for bx in range(N // BN):
            rowBase, colBase = by * BM, bx * BN
            acc = [[[np.zeros((32, 4)) for _ in range(NI)] for _ in range(MI)] for _ in range(THREADS // 32)]
            for k0 in range(0, K, BK):
                smem = Slots(A_TILE + B_TILE)
                load_tile(smem.write, Af, Bf, N, K, 0, A_TILE, rowBase, colBase, k0)
                written = smem.writes.reshape(-1)
                assert written[:A_TILE].reshape(BM, A_STRIDE)[:, :BK].min() == 1, "A tile not covered"
                assert written[A_TILE:].reshape(BK, B_STRIDE)[:, :BN].min() == 1, "B tile not covered"
                assert written.max() == 1, "a shared slot written twice"
                for warp in range(THREADS // 32):
                    warpRow, warpCol = warp // (BN // WN), warp % (BN // WN)
                    warp_tile_mma(smem, 0, A_TILE, acc[warp], warpRow, warpCol)
            for warp in range(THREADS // 32):
                warpRow, warpCol = warp // (BN // WN), warp % (BN // WN)
                store_tile(C, N, rowBase + warpRow * WM, colBase + warpCol * WN, acc[warp])
    C.assert_each_written_once("C")
    return C.value.reshape(M, N)


class AsyncCopies:
    """cp.async groups: copies queue in the open group; commit closes it; wait(n) lands every
    closed group but the newest n. With land_at_once the copies land when issued (also legal)."""

    def __init__(self, smem, land_at_once):
        self.smem, self.land_at_once = smem, land_at_once
        self.open, self.closed = [], []

    def copy(self, dst, values):
        if self.land_at_once:
            self.smem.value[dst:dst + len(values)] = values
        else:
            self.open.append((dst, values.copy()))

    def commit(self):
        self.closed.append(self.open)
        self.open = []

    def wait(self, pending):
        while len(self.closed) > pending:
            for dst, values in self.closed.pop(0):
                self.smem.value[dst:dst + len(values)] = values


def hgemm_pipelined(A, B, STAGES, land_at_once):
    M, K = A.shape
    N = B.shape[1]
    Af, Bf, C = A.ravel(), B.ravel(), Slots(M * N)
    tiles = K // BK
    for by in range(M // BM):
        for bx in range(N // BN):
            rowBase, colBase = by * BM, bx * BN
            smem = Slots(STAGES * (A_TILE + B_TILE))
            copies = AsyncCopies(smem, land_at_once)
            acc = [[[np.zeros((32, 4)) for _ in range(NI)] for _ in range(MI)] for _ in range(THREADS // 32)]

            def load(stage, k0):
                base = stage * (A_TILE + B_TILE)
                load_tile(copies.copy, Af, Bf, N, K, base, base + A_TILE, rowBase, colBase, k0)

            for s in range(STAGES - 1):
                if s < tiles:
                    load(s, s * BK)
                copies.commit()
            for kt in range(tiles):
                copies.wait(STAGES - 2)
                # The barrier. What this iteration reads must be tile kt, wholly landed.
                base = (kt % STAGES) * (A_TILE + B_TILE)
                expect_a = Af.reshape(M, K)[rowBase:rowBase + BM, kt * BK:(kt + 1) * BK]
                got_a = smem.value[base:base + A_TILE].reshape(BM, A_STRIDE)[:, :BK]
                assert np.array_equal(got_a, expect_a), f"stage {kt % STAGES} does not hold tile {kt} of A"
                nxt = kt + STAGES - 1
                if nxt < tiles:
                    load(nxt % STAGES, nxt * BK)
                copies.commit()
                for warp in range(THREADS // 32):
                    warpRow, warpCol = warp // (BN // WN), warp % (BN // WN)
                    warp_tile_mma(smem, base, base + A_TILE, acc[warp], warpRow, warpCol)
            for warp in range(THREADS // 32):
                warpRow, warpCol = warp // (BN // WN), warp % (BN // WN)
                store_tile(C, N, rowBase + warpRow * WM, colBase + warpCol * WN, acc[warp])
    C.assert_each_written_once("C")
    return C.value.reshape(M, N)


# --------------------------------------------------------------------------------------------

def main():
    cases = []
    A, B = integer_matrix(128, 64), integer_matrix(64, 128)
    cases += [("sgemm 3 shared tiles", lambda: sgemm_shared_tiles(A[:64, :64], B[:64, :64]), A[:64, :64] @ B[:64, :64]),
              ("sgemm 4 1-D blocking", lambda: sgemm_blocktiling_1d(A, B), A @ B),
              ("sgemm 5 2-D blocking", lambda: sgemm_blocktiling_2d(A, B[:, :128]), A @ B),
              ("sgemm 6 vectorized", lambda: sgemm_vectorized(A, B), A @ B)]
    A2, B2 = integer_matrix(256, 32), integer_matrix(32, 256)
    for cfg in WARPTILE_CONFIGS:
        cases.append((f"sgemm 7/8 warptile {cfg}", lambda cfg=cfg: sgemm_warptiling(A2, B2, *cfg), A2 @ B2))
    A3, B3 = integer_matrix(128, 96), integer_matrix(96, 256)   # 3 k-tiles: the pipeline wraps around
    cases.append(("hgemm 1 mma.sync", lambda: hgemm_mma_sync(A3, B3), A3 @ B3))
    for stages in (2, 3):
        for at_once in (False, True):
            cases.append((f"hgemm pipelined {stages} stages, copies land {'at once' if at_once else 'at wait'}",
                          lambda s=stages, o=at_once: hgemm_pipelined(A3, B3, s, o), A3 @ B3))
    failed = 0
    for name, run, want in cases:
        try:
            got = run()
            ok = np.array_equal(got, want)
            detail = "" if ok else f" ({int((got != want).sum())} outputs differ)"
        except AssertionError as e:
            ok, detail = False, f" ({e})"
        failed += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {name}{detail}", flush=True)
    print(f"{len(cases) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
