"""Rendering results: the report's HTML, charts and PDF (and the text writers).

Kept free of imports: jinja2 and WeasyPrint load only inside the functions of
the commands that render, so `validate` and `rank` stay fast."""
