package org.jgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Scopes release the device storages allocated inside them, keep what they are told to keep, and ignore host memory. */
class MemoryScopeTest {
    /** A stand-in for device memory that records its release. */
    static final class FakeDeviceStorage extends Storage {
        int releases;

        @Override public DType dtype() { return DType.FLOAT32; }
        @Override public int size() { return 1; }
        @Override public Device device() { return Device.cuda(0); }
        @Override public boolean holdsDeviceMemory() { return true; }
        @Override public void release() { releases++; }
    }

    @Test
    void closingReleasesEveryTrackedStorageOnceExceptTheKeptOnes() {
        FakeDeviceStorage a = new FakeDeviceStorage(), b = new FakeDeviceStorage();
        try (MemoryScope scope = MemoryScope.open()) {
            MemoryScope.track(a);
            MemoryScope.track(b);
            scope.keep(b);
            assertEquals(1, scope.trackedCount());
            scope.close();
            scope.close(); // idempotent
        }
        assertEquals(1, a.releases);
        assertEquals(0, b.releases);
    }

    @Test
    void keptStoragesPassToTheEnclosingScope() {
        FakeDeviceStorage inner = new FakeDeviceStorage();
        try (MemoryScope outer = MemoryScope.open()) {
            try (MemoryScope scope = MemoryScope.open()) {
                MemoryScope.track(inner);
                scope.keep(inner);
            }
            assertEquals(0, inner.releases);
            assertEquals(1, outer.trackedCount());
        }
        assertEquals(1, inner.releases, "released when the outer scope closes");
    }

    @Test
    void hostArraysAreNotTrackedAndOutsideAScopeNothingIs() {
        try (MemoryScope scope = MemoryScope.open()) {
            NDArray.zeros(DType.FLOAT32, 1000);
            assertEquals(0, scope.trackedCount());
        }
        FakeDeviceStorage loose = new FakeDeviceStorage();
        MemoryScope.track(loose);
        assertEquals(0, loose.releases);
    }

    @Test
    void closingOutOfOrderIsAnError() {
        MemoryScope outer = MemoryScope.open();
        MemoryScope inner = MemoryScope.open();
        var e = assertThrows(IllegalStateException.class, outer::close);
        assertTrue(e.getMessage().contains("out of order"), e.getMessage());
        inner.close();
        outer.close();
    }
}
