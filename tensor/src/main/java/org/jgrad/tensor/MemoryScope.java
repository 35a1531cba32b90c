package org.jgrad.tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Device memory that ends with a block: every device storage allocated on this thread while the
 * scope is open is {@linkplain Storage#release released} when it closes, except the arrays passed
 * to {@link #keep}, which pass to the enclosing scope (or to the garbage collector when there is
 * none). Host memory is not tracked; the garbage collector handles it.
 *
 * <pre>{@code
 * NDArray result;
 * try (MemoryScope scope = MemoryScope.open()) {
 *     NDArray t = a.matmul(b).relu();   // temporaries on the GPU
 *     result = scope.keep(t.sum());
 * }                                     // t and the product are back in the allocator's cache
 * }</pre>
 *
 * Arrays whose storage was released must not be used again; keep every array (or a view of it)
 * that outlives the scope. Scopes nest and belong to one thread.
 */
public final class MemoryScope implements AutoCloseable {
    private static final ThreadLocal<MemoryScope> CURRENT = new ThreadLocal<>();

    private final MemoryScope parent;
    private final Thread owner = Thread.currentThread();
    private final List<Storage> owned = new ArrayList<>();
    private final Set<Storage> kept = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean closed;

    private MemoryScope(MemoryScope parent) {
        this.parent = parent;
    }

    /** Opens a scope on this thread, nested in the current one if any. */
    public static MemoryScope open() {
        MemoryScope scope = new MemoryScope(CURRENT.get());
        CURRENT.set(scope);
        return scope;
    }

    /** Called for every new storage: the innermost open scope of this thread takes device storages. */
    static void track(Storage storage) {
        if (!storage.holdsDeviceMemory()) return; // host storages, on every allocation: no thread-local lookup
        MemoryScope scope = CURRENT.get();
        if (scope != null) scope.owned.add(storage);
    }

    /** Lets {@code array}'s storage outlive this scope; returns the array. */
    public NDArray keep(NDArray array) {
        keep(array.storage());
        return array;
    }

    void keep(Storage storage) {
        kept.add(storage);
    }

    /** How many device storages this scope would release now. */
    public int trackedCount() {
        int n = 0;
        for (Storage s : owned) if (!kept.contains(s)) n++;
        return n;
    }

    /** Releases every storage allocated in the scope and not kept; kept ones move to the enclosing scope. */
    @Override
    public void close() {
        if (closed) return;
        if (Thread.currentThread() != owner)
            throw new IllegalStateException("a MemoryScope must be closed on the thread that opened it (" + owner.getName() + ")");
        if (CURRENT.get() != this) throw new IllegalStateException("MemoryScope closed out of order: close the inner scope first");
        closed = true;
        CURRENT.set(parent);
        for (Storage s : owned) {
            if (!kept.contains(s)) s.release();
            else if (parent != null) parent.owned.add(s);
        }
        owned.clear();
    }
}
