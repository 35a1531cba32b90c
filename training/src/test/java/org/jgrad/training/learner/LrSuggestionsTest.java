package org.jgrad.training.learner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The suggestions on synthetic curves whose right answer is known by construction. */
class LrSuggestionsTest {
    /** 100 learning rates 1e-7 .. 10, as the finder makes them. */
    private static double[] lrs(int n) {
        double[] lrs = new double[n];
        for (int i = 0; i < n; i++) lrs[i] = LrFinder.lrAt(i, 1e-7, 10, n);
        return lrs;
    }

    @Test
    void valleyIsTwoThirdsDownTheLongestDecreasingStretch() {
        // flat-ish noise-free curve: rises on 0..19, falls strictly on 20..59 (40 points), rises after
        int n = 80;
        double[] loss = new double[n];
        for (int i = 0; i < n; i++) loss[i] = i < 20 ? 2 + 0.01 * i : i < 60 ? 2.5 - 0.05 * (i - 20) : 0.55 + 0.3 * (i - 59);
        LrSuggestions.Suggestion s = LrSuggestions.valley(lrs(n), loss);
        int len = 40, start = 59 - len;                       // fastai's start: one before the first point
        int idx = start + len / 3 + len / 3 / 2;              // 19 + 13 + 6 = 38
        assertEquals(38, idx);
        assertEquals(lrs(n)[idx], s.lr(), 0);
        assertEquals(loss[idx], s.pointLoss(), 0);
    }

    @Test
    void valleyMayJumpOverBumps() {
        // a falling curve with one small bump: the decreasing sequence skips the bump (not a contiguous run)
        double[] loss = {5, 4, 3, 3.5, 2, 1, 0.5, 0.4, 0.3, 9};
        // longest decreasing: 5,4,3,2,1,0.5,0.4,0.3 = 8 points ending at 8; start = 0; idx = 0 + 2 + 1 = 3
        assertEquals(lrs(10)[3], LrSuggestions.valley(lrs(10), loss).lr(), 0);
    }

    @Test
    void steepIsTheLeftPointOfTheSteepestSegment() {
        int n = 60;
        double[] loss = new double[n];
        for (int i = 0; i < n; i++) loss[i] = 3 - 0.01 * i;
        for (int i = 31; i < n; i++) loss[i] -= 0.5;          // one big drop between points 30 and 31
        loss[45] -= 0.2;                                       // a smaller one elsewhere (45 itself is lower: 44->45 drops 0.21)
        LrSuggestions.Suggestion s = LrSuggestions.steep(lrs(n), loss);
        assertEquals(lrs(n)[30], s.lr(), 0);
        assertEquals(loss[30], s.pointLoss(), 0);
    }

    @Test
    void steepUsesLogLrNotTheIndex() {
        // unevenly spaced lrs: the same loss drop over a smaller log-step is steeper
        double[] lrs = {1e-4, 1e-3, 1e-2, 2e-2, 1e-1};
        double[] loss = {1, 0.8, 0.7, 0.6, 0.5};
        // drops per ln(lr): 0.2/ln10=0.087, 0.1/ln10=0.043, 0.1/ln2=0.144, 0.1/ln5=0.062
        assertEquals(1e-2, LrSuggestions.steep(lrs, loss).lr(), 0);
    }

    @Test
    void minimumIsATenthOfTheLrAtTheLowestLoss() {
        int n = 50;
        double[] loss = new double[n];
        for (int i = 0; i < n; i++) loss[i] = Math.pow(i - 33, 2) / 100 + 0.2;
        LrSuggestions.Suggestion s = LrSuggestions.minimum(lrs(n), loss);
        assertEquals(lrs(n)[33] / 10, s.lr(), 1e-20);
        assertEquals(lrs(n)[33], s.pointLr(), 0);
        assertEquals(0.2, s.pointLoss(), 0);
    }

    @Test
    void gradientIsNumpys() {
        assertArrayEquals(new double[] {1, 1.5, 2.5, 3}, LrSuggestions.gradient(new double[] {0, 1, 3, 6}), 0);
    }

    @Test
    void slideStopsWhereTheGradientsAtBothEndsOfTheWindowAgree() {
        // a loss curve: a straight descent of slope -0.01 per point on 0..59, then a parabola that
        // blows up. Windows of 15 points whose both ends lie in the straight part have equal
        // gradients; the first such window walking back from the end has its right end where
        // the gradient is within thresh of -0.01.
        int n = 90;
        double[] loss = new double[n];
        for (int i = 0; i < n; i++) loss[i] = i <= 60 ? 2 - 0.01 * i : 2 - 0.6 + 0.002 * (i - 60) * (i - 60) - 0.01 * (i - 60);
        double[] d = LrSuggestions.gradient(loss);
        // the expected answer, by the definition in the class comment
        int r = n - 1, l = r - 15, found = l;
        while (l >= 0 && Math.abs(d[r] - d[l]) > 0.005) { found = l; r--; l--; }
        // and independently: the right end stops at the last point whose gradient is within 0.005 of -0.01
        int lastFlat = -1;
        for (int i = 0; i < n; i++) if (Math.abs(d[i] + 0.01) <= 0.005 + 1e-12) lastFlat = i;
        assertEquals(lastFlat, r);
        assertEquals(lastFlat - 15 + 1, found);
        LrSuggestions.Suggestion s = LrSuggestions.slide(lrs(n), loss, 15, 0.005);
        assertEquals(lrs(n)[found], s.lr(), 0);
        assertEquals(loss[found], s.pointLoss(), 0);
    }

    @Test
    void slideOnAFlatEndIsTheFirstWindow() {
        double[] loss = new double[40];
        java.util.Arrays.fill(loss, 1.0);
        assertEquals(lrs(40)[40 - 1 - 15], LrSuggestions.slide(lrs(40), loss, 15, 0.005).lr(), 0);
        assertTrue(Double.isNaN(LrSuggestions.slide(lrs(15), new double[15], 15, 0.005).lr()), "needs more than lrDiff points");
    }

    @Test
    void windowSkipsTheFirstTenthAndTheLastFiveAndStopsAtNaN() {
        int n = 100;
        double[] lrs = lrs(n), loss = new double[n];
        for (int i = 0; i < n; i++) loss[i] = i;
        LrSuggestions.Window w = LrSuggestions.window(lrs, loss, 100);
        assertEquals(85, w.size());
        assertEquals(10, w.losses()[0], 0);
        assertEquals(94, w.losses()[84], 0);
        assertEquals(lrs[10], w.lrs()[0], 0);

        loss[40] = Double.NaN;
        loss[70] = Double.NaN;
        w = LrSuggestions.window(lrs, loss, 100);
        assertEquals(30, w.size());                            // 10 .. 39
        assertEquals(39, w.losses()[29], 0);

        // the skip at the start counts the iterations asked for, not those recorded (an early stop)
        double[] shortLoss = java.util.Arrays.copyOf(loss, 30), shortLrs = java.util.Arrays.copyOf(lrs, 30);
        assertEquals(15, LrSuggestions.window(shortLrs, shortLoss, 100).size());
        assertEquals(0, LrSuggestions.window(shortLrs, shortLoss, 300).size());
    }

    @Test
    void theMinimumBeyondTheWindowIsIgnored() {
        // the lowest loss is in the first tenth: the suggestions must not see it
        int n = 100;
        double[] lrs = lrs(n), loss = new double[n];
        for (int i = 0; i < n; i++) loss[i] = i < 10 ? 0.01 : 2 + Math.pow(i - 50, 2) / 1000;
        loss[97] = -5;                                         // and one in the last five
        LrSuggestions.Suggestions s = LrSuggestions.suggest(lrs, loss, 100);
        assertEquals(lrs[50] / 10, s.minimum().lr(), 1e-20);
        // a NaN cuts the window: the minimum after it is not seen either
        loss[30] = Double.NaN;
        loss[60] = 0;
        assertEquals(lrs[29] / 10, LrSuggestions.suggest(lrs, loss, 100).minimum().lr(), 1e-20);
    }

    @Test
    void anEmptyWindowSuggestsNaN() {
        LrSuggestions.Suggestions s = LrSuggestions.suggest(new double[] {1, 2, 3}, new double[] {1, 1, 1}, 100);
        assertTrue(Double.isNaN(s.valley().lr()) && Double.isNaN(s.steep().lr()) && Double.isNaN(s.minimum().lr())
                && Double.isNaN(s.slide().lr()), s.toString());
    }
}
