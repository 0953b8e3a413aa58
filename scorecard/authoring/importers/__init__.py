"""Importers: turn real sources into vendor figures with full provenance.

One module per source, each with pure parsing functions (source text or data in,
:class:`~scorecard.importers.records.SourceRecord` values out):

- :mod:`~scorecard.importers.prices`: list prices and context windows from the
  ``genai-prices`` package (optional extra ``scorecard[prices]``);
- :mod:`~scorecard.importers.lm_eval`: a results file written by
  ``lm_eval --output_path``;
- :mod:`~scorecard.importers.vectara`: the Vectara hallucination leaderboard's
  published table (Markdown or CSV).

:mod:`~scorecard.importers.editing` is the only part that touches vendor files:
it maps source records to vendor ids (``--map`` or the vendor file's
``[import]`` table, never by guessing), plans the edits, and writes them with
tomlkit so a user's comments, key order and other metrics survive.
"""

from __future__ import annotations

from scorecard.authoring.importers.records import ImportSource, SourceRecord

__all__ = ["ImportSource", "SourceRecord"]
