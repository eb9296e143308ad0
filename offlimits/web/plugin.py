"""The offlimits Datasette plugin: every hook, each delegating to a module of its own."""

from __future__ import annotations

from typing import Any

from datasette import hookimpl
from jinja2 import ChoiceLoader, FileSystemLoader

from offlimits.web.atom_feed import atom_renderer
from offlimits.web.csv_stream_pages import stream_csv_in_big_pages
from offlimits.web.entity_route import entity_page
from offlimits.web.fragments import TEMPLATES_DIR
from offlimits.web.html_lang import add_html_lang
from offlimits.web.timeline_route import timeline_page


@hookimpl
def register_routes(datasette: Any) -> list[tuple[str, Any]]:
    """The timeline and the entity pages."""
    return [
        (r"^/-/timeline$", timeline_page),
        (r"^/-/entities/(?P<entity_id>[^/]+)$", entity_page),
    ]


@hookimpl
def prepare_jinja2_environment(env: Any, datasette: Any) -> None:
    """Make offlimits/web/templates findable."""
    # Datasette finds a plugin's templates/ only for a package plugin; this one is a module.
    env.loader = ChoiceLoader([env.loader, FileSystemLoader(str(TEMPLATES_DIR))])


@hookimpl
def menu_links(datasette: Any) -> list[dict[str, str]]:
    """A link to the timeline in the site menu."""
    return [{"href": datasette.urls.path("/-/timeline"), "label": "Timeline of restrictions"}]


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    """lang="en" on every page; streamed CSV in big pages and chunks."""
    return lambda app: add_html_lang(stream_csv_in_big_pages(app))


@hookimpl(trylast=True)
def register_output_renderer(datasette: Any) -> dict[str, Any]:
    """.atom that stays valid for an empty result (see atom_feed)."""
    # trylast: registered after datasette-atom's renderer, so this one answers .atom
    return atom_renderer()
