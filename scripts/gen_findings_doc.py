"""Write docs/reference/findings.md from the registry of finding codes.

    .venv/bin/python scripts/gen_findings_doc.py           # regenerate the page
    .venv/bin/python scripts/gen_findings_doc.py --check   # exit 1 when it is out of date

The tests run the check (``tests/test_findings.py``), so a code added to
``scorecard/model/findings.py`` without regenerating the page fails them."""

from __future__ import annotations

import sys
from pathlib import Path

PAGE = Path(__file__).resolve().parent.parent / "docs" / "reference" / "findings.md"

INTRO = """\
# Finding codes

<!-- Generated from scorecard/model/findings.py by scripts/gen_findings_doc.py: do not edit. -->

Every problem `scorecard validate` finds in the input files is one line: the file,
line and column, the field, a message and a stable code in brackets.

```text
vendors/acme.toml:12:1: metrics.mmlu.value: must be between 0 and 100 percent (got 140) [value-out-of-range]
```

`--format json` gives the same findings as objects with `path`, `line`, `column`,
`field`, `code`, `message` and `severity`.  Most findings are errors (`"error"`);
the plausibility checks give warnings (`"warning"`, a line ending in `(warning)`),
printed after the errors: `validate` exits 0 with warnings only, 1 with `--strict`.  The codes are stable; the messages follow each
code's template below, where `{name}` marks a part that varies.  All the findings of
all the files are reported in one run, sorted by file and line.
"""


def render_page() -> str:
    """The page: one section per group of codes, one entry per code."""
    from scorecard.model.findings import GROUPS

    out = [INTRO]
    for group, codes in GROUPS.items():
        out.append(f"## {group}\n")
        for entry in codes:
            # a double-backtick code span keeps the template's own backticks
            out.append(f"### `{entry.code}`\n")
            out.append(f"Message: `` {entry.template} ``\n")
            out.append(f"{entry.explanation}\n")
    return "\n".join(out)


def main(argv: list[str]) -> int:
    page = render_page()
    if argv == ["--check"]:
        if not PAGE.exists() or PAGE.read_text(encoding="utf-8") != page:
            print(f"{PAGE} is out of date: run scripts/gen_findings_doc.py", file=sys.stderr)
            return 1
        return 0
    if argv:
        print(__doc__, file=sys.stderr)
        return 2
    PAGE.parent.mkdir(parents=True, exist_ok=True)
    PAGE.write_text(page, encoding="utf-8")
    print(f"wrote {PAGE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
