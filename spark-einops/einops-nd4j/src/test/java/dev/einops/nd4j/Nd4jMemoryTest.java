package dev.einops.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.Einops;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Releasing results: one at a time, or all those a scope saw made. */
class Nd4jMemoryTest {
    private static final INDArray X = Nd4j.rand(DataType.FLOAT, 4, 16, 64, 64);   // 1 MiB: results are lent

    private static boolean lent(INDArray x) {
        return BufferPool.SHARED.leaseOf(StridedRegion.root(x.data())) != null;
    }

    @Test
    void aScopeReleasesWhatTheEngineMadeInsideIt() {
        INDArray copy;
        INDArray small;
        INDArray view;
        try (Nd4jMemory.Scope scope = Nd4jMemory.scope()) {
            copy = Einops.rearrange(X, "b c h w -> b (h w c)");
            small = Einops.rearrange(Nd4j.rand(DataType.FLOAT, 4, 5, 6), "a b c -> a (c b)");
            view = Einops.rearrange(X, "b c h w -> b h w c");
            assertTrue(lent(copy));
        }
        assertFalse(lent(copy), "the copy's memory is back");
        assertTrue(small.wasClosed(), "small results are closed");
        assertFalse(X.wasClosed(), "a view of the caller's array releases nothing");
        assertEquals(X.getFloat(1, 2, 3, 4), view.getFloat(1, 3, 4, 2));
    }

    @Test
    void keptArraysOutliveTheirScopeAndBelongToTheOneAroundIt() {
        INDArray kept;
        INDArray inner;
        try (Nd4jMemory.Scope outer = Nd4jMemory.scope()) {
            try (Nd4jMemory.Scope scope = Nd4jMemory.scope()) {
                inner = Einops.rearrange(X, "b c h w -> b (h w c)");
                kept = scope.keep(Einops.rearrange(X, "b c h w -> c (b h w)"));
                assertSame(kept, scope.keep(kept), "keeping twice changes nothing");
            }
            assertFalse(lent(inner));
            assertTrue(lent(kept), "kept past the inner scope");
            assertEquals(X.permute(1, 0, 2, 3).dup('c').reshape(16, -1), kept);
        }
        assertFalse(lent(kept), "the outer scope released it");
    }

    @Test
    void closingAnOuterScopeClosesTheScopesInsideIt() {
        Nd4jMemory.Scope outer = Nd4jMemory.scope();
        Nd4jMemory.Scope inner = Nd4jMemory.scope();
        INDArray y = Einops.rearrange(X, "b c h w -> b (h w c)");
        outer.close();
        assertFalse(lent(y));
        inner.close();   // closed already: nothing happens
        outer.close();
        INDArray z = Einops.rearrange(X, "b c h w -> b (h w c)");
        assertTrue(lent(z), "no scope is open any more");
        Nd4jMemory.closeUnlessShared(z, X);
    }

    @Test
    void arraysReleasedInsideTheScopeAreNotReleasedAgain() {
        INDArray again;
        try (Nd4jMemory.Scope scope = Nd4jMemory.scope()) {
            INDArray y = Einops.rearrange(X, "b c h w -> b (h w c)");
            assertTrue(Nd4jMemory.closeUnlessShared(y, X));
            again = Einops.rearrange(X, "b c h w -> b (h w c)");   // may take y's block
            try (Nd4jMemory.Scope other = Nd4jMemory.scope()) {
                other.keep(again);   // not this scope's: nothing to keep
            }
            assertTrue(lent(again));
        }
        assertFalse(lent(again));
    }

    @Test
    void aScopeBelongsToItsThread() throws InterruptedException {
        try (Nd4jMemory.Scope scope = Nd4jMemory.scope()) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> CompletableFuture.runAsync(scope::close).get());
            assertTrue(e.getCause() instanceof IllegalStateException, e.toString());
            INDArray elsewhere = CompletableFuture.supplyAsync(() -> Einops.rearrange(X, "b c h w -> b (h w c)")).join();
            scope.close();
            assertTrue(lent(elsewhere), "another thread's results are not this scope's");
            Nd4jMemory.closeUnlessShared(elsewhere, X);
        }
    }

    @Test
    void insideAWorkspaceTheWorkspaceOwnsTheResults() {
        WorkspaceConfiguration config = WorkspaceConfiguration.builder().initialSize(16L << 20).build();
        INDArray y;
        try (Nd4jMemory.Scope scope = Nd4jMemory.scope();
             MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(config, "einops-scope-test")) {
            y = Einops.rearrange(X, "b c h w -> b (h w c)");
            assertTrue(y.isAttached());
        }
        assertFalse(y.wasClosed(), "the scope left the workspace's array alone");
    }

    @Test
    void closeUnlessSharedReleasesOnlyWhatTheResultOwns() {
        INDArray view = Einops.rearrange(X, "b c h w -> b h w c");
        assertFalse(Nd4jMemory.closeUnlessShared(view, X));
        List<INDArray> list = List.of(X, X);
        INDArray stacked = Einops.rearrange(list, "n b c h w -> b h w c n");
        assertTrue(lent(stacked));
        assertTrue(Nd4jMemory.closeUnlessShared(stacked, X));
        assertFalse(lent(stacked));
        assertFalse(X.wasClosed());
    }
}
