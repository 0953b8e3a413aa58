"""The audit trail of a report: the manifest (what went in, with SHA-256s,
versions and options), the report id, and the checks of `verify` that need no
rendering (attachments, hashes, results, drift).  The flow that re-scores and
re-renders a report is :func:`scorecard.pipeline.verify_report`.

pikepdf (reading attachments) is imported inside the functions that read PDFs."""
