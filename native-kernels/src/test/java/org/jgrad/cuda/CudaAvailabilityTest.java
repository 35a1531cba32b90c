package org.jgrad.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jgrad.tensor.BackendProvider;
import org.jgrad.tensor.Backends;
import org.jgrad.tensor.Device;
import org.jgrad.tensor.NDArray;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Without a usable GPU the CUDA backend says why in one line and every attempt to use it fails with that reason. */
class CudaAvailabilityTest {
    @Test
    void theProviderIsFoundThroughServiceLoader() {
        assertTrue(Backends.providers().stream().anyMatch(p -> p.type().equals("cuda") && p instanceof CudaBackendProvider));
    }

    @Test
    void withoutAGpuTheReasonIsOneLineAndOpeningFailsWithIt() {
        String reason = CudaAvailability.unavailableReason();
        Assumptions.assumeTrue(reason != null, "a CUDA device is present: this test is about machines without one");
        assertEquals(-1, reason.indexOf('\n'), reason);
        BackendProvider provider = new CudaBackendProvider();
        assertEquals(0, provider.deviceCount());
        var e = assertThrows(IllegalArgumentException.class, () -> NDArray.zeros(org.jgrad.tensor.DType.FLOAT32, Device.cuda(0), 2, 2));
        assertTrue(e.getMessage().contains("cuda:0 is unavailable: " + reason), e.getMessage());
    }

    @Test
    void theKernelsAreBuiltWhereNvccIsPresent() {
        boolean nvcc = new java.io.File("/usr/local/cuda/bin/nvcc").canExecute() || System.getenv("CUDA_HOME") != null;
        Assumptions.assumeTrue(nvcc, "no nvcc on this machine, so no fatbin was built");
        assertNotNull(KernelModule.class.getResource(KernelModule.RESOURCE), "nvcc is present but the fatbin is missing");
    }

    @Test
    void vendorLibrariesReportOneLineEachWhetherOrNotTheyLoad() {
        var lines = new CudaBackendProvider().details();
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).startsWith("cublas  JCublas 12.6.0 "), lines.get(0));
        assertTrue(lines.get(1).startsWith("cudnn   JCudnn 11.7.0 "), lines.get(1));
        for (String line : lines) assertEquals(-1, line.indexOf('\n'), line);
    }

    /**
     * JCudnn's own loader asks for {@code JCudnn-<JCuda's version>} (12.6.0), which no jar ships; the
     * probe must ask for the library the jcudnn-natives jar holds, so its line gives the real reason.
     */
    @Test
    void theCudnnProbeAsksForTheNativeLibraryTheNativesJarShips() {
        String name = VendorLibraries.cudnnNativeName();
        assertTrue(name.startsWith("JCudnn-11.7.0-"), name);
        String resource = "/lib/" + jcuda.LibUtils.createLibraryFileName(name);
        assertNotNull(VendorLibraries.class.getResource(resource), "the jcudnn-natives jar has no " + resource);
        String line = VendorLibraries.status().get(1);
        assertFalse(line.contains("JCudnn-12.6.0"), line);
    }

    @Test
    void theLoaderLineThatExplainsIsPicked() {
        var nested = new UnsatisfiedLinkError("Error while loading native library \"JCublas2-12.6.0-linux-x86_64\"\n"
                + "Stack trace from the attempt to load the library as a resource:\n"
                + "java.lang.UnsatisfiedLinkError: /tmp/libJCublas2-12.6.0-linux-x86_64.so: libcublas.so.12: cannot open shared object file");
        assertEquals("needs libcublas.so.12, which is not installed", VendorLibraries.reason(nested));
        var noNative = new UnsatisfiedLinkError("Error while loading\nno JCudnn-12.6.0-linux-x86_64 in java.library.path: /usr/lib");
        assertEquals("no native library JCudnn-12.6.0-linux-x86_64 for this platform or JCuda version", VendorLibraries.reason(noNative));
    }
}
