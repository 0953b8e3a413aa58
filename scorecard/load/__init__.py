"""Reading input files into validated models.

Only this package knows TOML.  Every problem with the *data* becomes a
:class:`~scorecard.model.findings.Finding` (file, line, column, field, stable code,
message); all of them are collected, none is raised, so one run reports every
problem in every file.  :func:`~scorecard.load.inputs.load_inputs` returns the findings, or an
:class:`~scorecard.model.inputs.Inputs` the scoring core can trust (canonical units, derived metrics).
"""
