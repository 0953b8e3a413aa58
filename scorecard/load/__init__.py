"""Reading input files into validated models: the only package that knows TOML.

Every problem with the *data* becomes a :class:`~scorecard.model.findings.Finding`
(file, line, column, field, a registered code, message); all of them are collected,
none is raised, so one run reports every problem in every file.
:func:`~scorecard.load.inputs.load_inputs` returns the findings, or
:class:`~scorecard.model.inputs.Inputs` the scoring core can trust (canonical units,
derived metrics, each figure's line recorded).

- :mod:`~scorecard.load.project`: where the inputs are (defaults, bundled example);
- :mod:`~scorecard.load.files`: one file's bytes, text and TOML;
- :mod:`~scorecard.load.positions`: the line and column of a TOML key;
- :mod:`~scorecard.load.validation`: pydantic's errors as findings, and the
  :class:`~scorecard.load.validation.Placer` the other checks make theirs with;
- :mod:`~scorecard.load.figures`, :mod:`~scorecard.load.criteria`,
  :mod:`~scorecard.load.scores`: the checks of vendor, criteria and score files;
- :mod:`~scorecard.load.inputs`: the whole project, in one call.
"""
