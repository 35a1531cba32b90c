package org.jgrad.tensor.cpu;

/** Access to the Java array behind a {@link HostStorage}, for bulk copies. */
public final class HostArrays {
    private HostArrays() {}

    /** The backing array: float[], double[], short[], int[], long[] or byte[]. */
    public static Object data(HostStorage s) {
        if (s instanceof HostStorage.F32 f) return f.data;
        if (s instanceof HostStorage.F64 f) return f.data;
        if (s instanceof HostStorage.Bits16 f) return f.data;
        if (s instanceof HostStorage.I32 f) return f.data;
        if (s instanceof HostStorage.I64 f) return f.data;
        return ((HostStorage.Bool) s).data;
    }
}
