"""Render the body of our pages (filters, chart, event list) with a synchronous Jinja.

Datasette renders pages with an async Jinja environment, which cost ~0.5 ms per event on the
timeline; the same templates rendered synchronously take a fraction of that. The body is then
placed in a page that extends Datasette's base.html. Autoescaping stays on.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from offlimits.web.formatting import action_verb, date_label
from offlimits.web.safe_text import is_web_link

TEMPLATES_DIR = Path(__file__).parent / "templates"

_environment = Environment(
    loader=FileSystemLoader(str(TEMPLATES_DIR)),
    autoescape=select_autoescape(default=True, default_for_string=True),
)
_environment.filters.update(date_label=date_label, action_verb=action_verb)
_environment.tests["web_link"] = is_web_link  # only http(s) URLs become links


def entity_url_builder(path: Callable[[str], str]) -> Callable[[Any], str]:
    """`entity_url(id)` for templates, from a Datasette's `urls.path` (adds any base_url)."""
    return lambda entity_id: path("/-/entities/" + quote(str(entity_id), safe=""))


def render_fragment(name: str, url_path: Callable[[str], str], **context: Any) -> Markup:
    """Render templates/`name` with `context`; `url_path` maps site paths to URLs (`path`)."""
    template = _environment.get_template(name)
    return Markup(template.render(
        entity_url=entity_url_builder(url_path), path=url_path, **context
    ))
