"""The audit trail of a report: the manifest (what went in, with SHA-256s,
versions and options), the report id, and `verify`.

`verify` proves *consistency*: that a report's embedded inputs match its
manifest, that scorecard's arithmetic on them gives the embedded results, and
(when the environment matches) that re-rendering gives the same PDF bytes.  It
does not prove who made a report, nor that the figures in it are true.

pikepdf (reading attachments) is imported inside the functions that read PDFs."""
