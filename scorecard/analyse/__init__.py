"""What follows from a ranking: its robustness (:mod:`.sensitivity`) and what changed
between two versions of a project (:mod:`.diff`).  Computation only; writers live in
:mod:`scorecard.report`."""
