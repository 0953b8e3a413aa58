"""The scoring stage: pure functions from validated :class:`~scorecard.model.inputs.Inputs`
to a :class:`~scorecard.model.results.Ranking`.  No I/O, no printing, no clock.

The maths is written once, in :mod:`.kernel`, over an array namespace ``xp`` (the
Python array API standard's pattern, as scikit-learn and SciPy use it):

- ``rank`` runs it with :mod:`.pyxp`, a small pure-Python stand-in (one vector per
  metric, an entry per vendor), so scoring never imports numpy;
- the robustness analysis (:mod:`scorecard.analyse.sensitivity`) runs the same
  functions with numpy on thousands of draws at once.

The arithmetic, in the order it happens (docs/explanation/scoring.md explains it in words):

1. gates on raw canonical values (inclusive, relative tolerance ``REL_TOL``), then,
   under ``missing = "fail"``, vendors lacking a scored metric: both disqualify;
2. a value function per scored metric (linear or log, clamped to [0, 1]); when the
   criteria file gives no best/worst they are the best and worst values observed
   among the qualified vendors ("relative scaling");
3. criterion weights normalised to sum 1, metric weights to sum 1 within a criterion;
4. the missing-data policy (worst -> 0, neutral -> 0.5, exclude -> weight re-shared
   within the criterion, fail -> disqualified);
5. score = 100 x sum_c W_c x s_c with s_c = sum_m w_m x v_m (weighted-sum), or
   100 x TOPSIS closeness (topsis);
6. competition ranking; scores equal to ``TIE_DECIMALS`` decimals tie, listed by id.

The modules, in data-flow order:

- :mod:`.kernel`: the maths over ``xp``; :mod:`.pyxp`: the pure-Python namespace;
- :mod:`.prepare`: the kernel run step by step for ``rank``, keeping each step's
  result (who qualifies and why not, value functions, every figure's score);
- :mod:`.ranks`: competition ranks and HELM's mean win rate;
- :mod:`.ranking`: :func:`~scorecard.score.ranking.score_vendors`, the public entry,
  and :func:`~scorecard.score.ranking.scores_for_weights` to re-weight a prepared problem;
- :mod:`.evidence` and :mod:`.notices`: the warnings and reasons, in words.

Every sum over vendors is exact (:func:`math.fsum`) or runs in vendor-id order
(``Inputs.vendors`` is sorted), so the same inputs give bit-identical results whatever
the order of the files.
"""
