"""The scoring engine: pure functions from validated :class:`~scorecard.model.inputs.Inputs`
to a :class:`~scorecard.results.Ranking`.  No I/O, no printing, no clock.

The arithmetic, in the order it happens (README "Ranking vendors" explains it in words):

1. gates on raw canonical values (inclusive, relative tolerance 1e-9), then, under
   ``missing = "fail"``, vendors lacking a scored metric: both disqualify;
2. a value function per scored metric (linear or log, clamped to [0, 1]); when the
   criteria file gives no best/worst they are the best and worst values observed
   among the qualified vendors ("relative scaling");
3. criterion weights normalised to sum 1, metric weights to sum 1 within a criterion;
4. the missing-data policy (worst -> 0, neutral -> 0.5, exclude -> weight re-shared
   within the criterion, fail -> disqualified);
5. score = 100 x sum_c W_c x s_c with s_c = sum_m w_m x v_m (weighted-sum), or
   100 x TOPSIS closeness (topsis);
6. competition ranking on scores rounded to 6 decimals, ties listed by id.

Every sum over vendors runs in vendor-id order (``Inputs.vendors`` is sorted), so the
same inputs give bit-identical results whatever the order of the files.

The pieces the robustness analysis reuses are public: :func:`prepare` gives, for
each qualified vendor, its per-criterion scores ``s_c`` (so that the weighted-sum
total is ``100 x sum_c W_c x s_c`` for *any* criterion weights W) and the TOPSIS
matrix; :func:`scores_for_weights` re-scores for other criterion weights.
"""
