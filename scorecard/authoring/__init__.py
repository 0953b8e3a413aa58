"""Writing the buyer's TOML: ``init`` (:mod:`.project`), ``new`` (:mod:`.vendor`),
the importers (:mod:`.importers`) and projects read at a git revision (:mod:`.revisions`)."""
