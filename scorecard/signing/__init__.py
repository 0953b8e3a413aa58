"""Signed reports: who made this report, and has anyone touched it since?

A signature is a PAdES signature (B-B; B-T with a timestamp authority) added to
the PDF as an *incremental update* by pyHanko: the unsigned report stays a
byte-exact prefix of the signed file, so its reproducible bytes (and `verify`'s
re-render check) keep their meaning.  A second signer (an evaluator, then an
approver) adds a second update the same way.

The report's summary page has a sign-off block with a slot per signer; the
template marks each slot with two named destinations (``signoff-prepared`` at
its top-left corner, ``signoff-prepared-end`` at its bottom-right; the same for
``signoff-approved``).  The first signature is drawn into the first slot, the
second into the second; any later signature is invisible (it is still listed in
every viewer's signature panel).  A PDF without these destinations gets
invisible signatures.

pyHanko is an optional extra (``scorecard[sign]``) and is imported inside the
functions that need it, as are cryptography, asn1crypto and fontTools.  Core code
does not read the clock: the caller passes ``now`` (pyHanko itself records the
signing time in the signature)."""
