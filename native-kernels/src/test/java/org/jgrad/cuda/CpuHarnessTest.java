package org.jgrad.cuda;

import org.jgrad.tensor.cpu.CpuBackend;

/**
 * The conformance suite with the CPU backend in the place of the GPU. It checks, on any machine,
 * what the GPU run relies on: that every case builds legal inputs, that copying storages keeps the
 * layouts, that the CPU writes every element of its outputs (they arrive poisoned), and that the
 * comparison passes where it must. {@link HarnessCatchesFaultsTest} shows it fails where it must.
 */
class CpuHarnessTest implements CopyFillConformance, ElementwiseConformance, ReductionConformance, MatmulConformance,
        ConvolutionConformance, PoolingConformance, IndexingConformance,
        RandomAndOptimizerConformance, ActivationConformance {
    @Override
    public BackendComparison compare() {
        return new BackendComparison(CpuBackend.INSTANCE);
    }
}
