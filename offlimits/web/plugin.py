"""The offlimits Datasette plugin: every hook, each delegating to a module of its own."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from datasette import hookimpl
from jinja2 import ChoiceLoader, FileSystemLoader

from offlimits.web.atom_feed import atom_renderer
from offlimits.web.chart import action_colour
from offlimits.web.entity_route import entity_page
from offlimits.web.formatting import action_verb, date_label, month_label
from offlimits.web.html_lang import add_html_lang
from offlimits.web.timeline_route import timeline_page

TEMPLATES_DIR = Path(__file__).parent / "templates"


@hookimpl
def register_routes(datasette: Any) -> list[tuple[str, Any]]:
    return [
        (r"^/-/timeline$", timeline_page),
        (r"^/-/entities/(?P<entity_id>[^/]+)$", entity_page),
    ]


@hookimpl
def prepare_jinja2_environment(env: Any, datasette: Any) -> None:
    # Datasette finds a plugin's templates/ only for a package plugin; this one is a module.
    env.loader = ChoiceLoader([env.loader, FileSystemLoader(str(TEMPLATES_DIR))])
    env.filters["date_label"] = date_label
    env.filters["month_label"] = month_label
    env.filters["action_verb"] = action_verb
    env.filters["action_colour"] = action_colour
    env.filters["entity_url"] = lambda entity_id: datasette.urls.path(
        "/-/entities/" + quote(str(entity_id), safe="")
    )


@hookimpl
def menu_links(datasette: Any) -> list[dict[str, str]]:
    return [{"href": datasette.urls.path("/-/timeline"), "label": "Timeline of restrictions"}]


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    return add_html_lang


@hookimpl(trylast=True)
def register_output_renderer(datasette: Any) -> dict[str, Any]:
    # trylast: registered after datasette-atom's renderer, so this one answers .atom
    return atom_renderer()
