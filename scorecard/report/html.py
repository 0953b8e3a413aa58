"""The report as HTML: a jinja2 environment over the bundled templates, rendering the
:class:`~scorecard.report.view.ReportView` built from the result models.

jinja2 runs with autoescape on and StrictUndefined: every string from an input
file is escaped, and a template naming a missing value fails instead of
printing nothing."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jinja2
    from markupsafe import Markup

    from scorecard.audit.manifest import Manifest
    from scorecard.model.inputs import Inputs
    from scorecard.model.results import Ranking
    from scorecard.report.labels import Labels

TEMPLATE = "report.html.j2"

BUNDLED_FONTS: tuple[str, ...] = (
    "DejaVuSans.ttf",
    "DejaVuSans-Bold.ttf",
    "DejaVuSans-Oblique.ttf",
    "DejaVuSansCondensed.ttf",
    "DejaVuSansCondensed-Bold.ttf",
    "DejaVuSansCondensed-Oblique.ttf",
    "DejaVuSansMono.ttf",
)


def templates_root() -> Path:
    """The bundled templates: inside the package when installed (the wheel maps
    templates/ to scorecard/templates), the repository's templates/ in a checkout."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "templates"
    return installed if installed.is_dir() else package.parent / "templates"


def font_files() -> list[Path]:
    return [templates_root() / "fonts" / name for name in BUNDLED_FONTS]


def css_string(text: str) -> Markup:
    """A CSS string literal that is safe anywhere in a <style> element: every
    character but letters, digits and a few punctuation marks is hex-escaped."""
    from markupsafe import Markup

    safe = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:-_()")
    # a hex escape swallows one following space: emit that space, so text stays intact
    body = "".join(ch if ch in safe else f"\\{ord(ch):06x} " for ch in text)
    return Markup(f'"{body}"')


def page_counter() -> Markup:
    """The footer's page counter as a CSS ``content`` value in the active language:
    ``"page " counter(page) " of " counter(pages)``."""
    import re

    from markupsafe import Markup

    from scorecard.report.i18n import gettext

    text = gettext("page {page} of {pages}")
    parts = []
    for piece in re.split(r"(\{page\}|\{pages\})", text):
        if piece in ("{page}", "{pages}"):
            parts.append(f"counter({piece[1:-1]})")
        elif piece:
            parts.append(css_string(piece))
    return Markup(" ".join(parts))


def make_environment() -> jinja2.Environment:
    import jinja2

    from scorecard.report import i18n
    from scorecard.report.format import (
        describe_value_function,
        format_date,
        format_fixed,
        format_number,
        format_percent,
    )
    from scorecard.report.labels import Labels

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_root())),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    # {% trans %} blocks: whitespace collapsed, so a msgid does not depend on indentation
    env.policies["ext.i18n.trimmed"] = True
    # looked up at call time in the language of the render (scorecard.report.i18n)
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals["language"] = i18n.current_language
    env.globals["page_counter"] = page_counter
    env.filters["num"] = format_number
    env.filters["pct"] = format_percent
    env.filters["fixed"] = format_fixed
    env.filters["date"] = format_date
    env.filters["css_string"] = css_string
    env.filters["value_function"] = describe_value_function
    label_filters(env, Labels())  # the catalogue's words; a render uses its criteria's
    return env


def render_html(
    ranking: Ranking, inputs: Inputs, manifest: Manifest, fonts: Mapping[str, str]
) -> str:
    from scorecard.report.i18n import use_language
    from scorecard.report.view import build_view

    with use_language(inputs.criteria.language):
        view = build_view(ranking, inputs, manifest, fonts)
        env = make_environment()
        label_filters(env, view.labels)
        return env.get_template(TEMPLATE).render(**view.variables())


def label_filters(env: jinja2.Environment, labels: Labels) -> None:
    """The filters that put ids and numbers into a reader's words."""
    env.filters["metric"] = labels.metric
    env.filters["criterion"] = labels.criterion
    env.filters["quantity"] = labels.quantity
    env.filters["value_function"] = labels.value_function
    env.filters["words"] = labels.words
