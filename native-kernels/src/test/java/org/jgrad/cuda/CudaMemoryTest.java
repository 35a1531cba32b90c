package org.jgrad.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import jcuda.driver.CUdeviceptr;
import org.jgrad.tensor.Backends;
import org.jgrad.tensor.DType;
import org.jgrad.tensor.Device;
import org.jgrad.tensor.MemoryScope;
import org.jgrad.tensor.NDArray;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Device memory comes back: at once on {@link NDArray#release}, when a {@link MemoryScope} closes,
 * and when the garbage collector finds arrays unreachable; freed blocks are reused from the cache.
 * Runs on a GPU and on the emulated device.
 *
 * <p>Every assertion is about the test's own blocks (is this block cached, did this request reuse
 * it), never about the allocator's totals: after the conformance suite the Cleaner keeps returning
 * other tests' garbage for a while, which moves the totals under a test's feet.
 */
@Tag("cuda")
class CudaMemoryTest {
    private CachingAllocator<CUdeviceptr> allocator;

    @BeforeEach
    void needsCuda() {
        String reason = CudaAvailability.unavailableReason();
        assumeTrue(reason == null, () -> "CUDA is unavailable: " + reason);
        allocator = ((CudaBackend) Backends.of(Device.cuda(0))).cudaDevice().allocator();
    }

    private static CUdeviceptr blockOf(NDArray a) {
        return ((CudaStorage) a.storage()).block().handle();
    }

    @Test
    void releaseReturnsTheBlockAtOnceAndTheNextAllocationReusesIt() {
        // 999,983 floats (a prime): a size no other test asks for.
        NDArray a = NDArray.zeros(DType.FLOAT32, Device.cuda(0), 999_983);
        CUdeviceptr block = blockOf(a);
        assertFalse(allocator.isCached(block));
        a.release();
        assertTrue(allocator.isCached(block), "release put the block into the cache");
        NDArray b = NDArray.zeros(DType.FLOAT32, Device.cuda(0), 999_983);
        assertSame(block, blockOf(b), "the next request of that size got the same block");
        assertFalse(allocator.isCached(block));
        assertEquals(0.0, b.sum().item(), "a reused block is zero-filled again");
        b.release();
    }

    @Test
    void aScopeReleasesItsTemporariesAndKeepsWhatItIsTold() {
        NDArray kept;
        CUdeviceptr input, product;
        try (MemoryScope scope = MemoryScope.open()) {
            NDArray x = NDArray.rand(new org.jgrad.tensor.random.Generator(1), DType.FLOAT32, Device.cuda(0), 96, 80);
            NDArray xx = x.matmul(x.transpose(0, 1));
            input = blockOf(x);
            product = blockOf(xx);
            kept = scope.keep(xx.relu().sum());
        }
        assertTrue(allocator.isCached(input), "the scope released its input");
        assertTrue(allocator.isCached(product), "the scope released the product");
        assertFalse(allocator.isCached(blockOf(kept)), "the kept scalar is still allocated");
        assertTrue(Double.isFinite(kept.item()));
        CUdeviceptr scalar = blockOf(kept);
        kept.release();
        assertTrue(allocator.isCached(scalar));
    }

    @Test
    void unreachableArraysComeBackAfterGarbageCollection() throws InterruptedException {
        List<CUdeviceptr> blocks = new ArrayList<>();
        for (int i = 0; i < 50; i++) blocks.add(blockOf(NDArray.zeros(DType.FLOAT32, Device.cuda(0), 256, 1023)));
        for (int attempt = 0; attempt < 100 && !blocks.stream().allMatch(allocator::isCached); attempt++) {
            System.gc();
            Thread.sleep(20);
        }
        assertTrue(blocks.stream().allMatch(allocator::isCached), "the cleaner returned every dropped array's block");
        allocator.emptyCache();
        assertTrue(blocks.stream().noneMatch(allocator::isCached), "emptyCache gave the cached blocks back to the driver");
    }
}
