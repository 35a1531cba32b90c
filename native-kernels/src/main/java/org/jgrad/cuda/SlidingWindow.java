package org.jgrad.cuda;

import org.jgrad.tensor.cpu.conv.Conv2dGeometry;
import org.jgrad.tensor.cpu.conv.Pool2dGeometry;

/**
 * Packs the sliding window of a convolution or a pooling as {@code window.cuh}'s by-value
 * {@code struct Window2d}: {@code int[12]} = h, w, outH, outW, kH, kW, strideH, strideW, padH,
 * padW, dilationH, dilationW. Output (oh, ow) reads input rows {@code oh·strideH − padH + i·dilationH}
 * and columns {@code ow·strideW − padW + j·dilationW}.
 */
final class SlidingWindow {
    private SlidingWindow() {}

    static int[] of(Conv2dGeometry g) {
        return new int[] {g.h(), g.w(), g.outH(), g.outW(), g.kH(), g.kW(), g.strideH(), g.strideW(), g.padH(), g.padW(),
                g.dilationH(), g.dilationW()};
    }

    static int[] of(Pool2dGeometry g) {
        return new int[] {g.h(), g.w(), g.outH(), g.outW(), g.kH(), g.kW(), g.strideH(), g.strideW(), g.padH(), g.padW(),
                g.dilationH(), g.dilationW()};
    }
}
