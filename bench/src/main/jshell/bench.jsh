// jgrad shell, bench part: Timeit.of(() -> a.matmul(b)) times like IPython's %timeit.
import org.jgrad.bench.timing.Timeit;
