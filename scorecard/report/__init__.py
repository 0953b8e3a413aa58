"""Rendering results: text/JSON/CSV/Markdown writers (:mod:`scorecard.report.writers`)
and the HTML/PDF report.  Keep this file free of heavy imports: `scorecard rank`
imports the writers and must stay fast."""
