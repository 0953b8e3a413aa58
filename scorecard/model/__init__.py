"""The data every stage shares: the file formats, the resolved inputs, the results,
the catalogue of metrics, units, findings and errors.  Imports nothing else of scorecard."""
