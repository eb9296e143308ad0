"""The offlimits Datasette plugin: every hook, each delegating to a module of its own."""

from __future__ import annotations

from typing import Any

from datasette import hookimpl
from jinja2 import ChoiceLoader, FileSystemLoader

from offlimits.web.atom_feed import atom_renderer
from offlimits.web.csv_export import reports_csv, timeline_csv
from offlimits.web.csv_safety import safe_csv
from offlimits.web.csv_stream_pages import stream_csv_in_big_pages
from offlimits.web.entity_index import entity_index
from offlimits.web.entity_route import entity_page
from offlimits.web.event_changes_feed import changes_atom
from offlimits.web.event_route import event_page
from offlimits.web.fragments import TEMPLATES_DIR
from offlimits.web.html_lang import add_html_lang
from offlimits.web.packaged_metadata import plugin_metadata
from offlimits.web.public import is_public, public_permission
from offlimits.web.request_guard import guard_requests
from offlimits.web.sql_guard import harden_connection
from offlimits.web.timeline_feeds import timeline_atom, timeline_ics
from offlimits.web.timeline_route import timeline_page
from offlimits.web.view_csv import ROUTE, route_plain_view_export, timeline_view_csv


@hookimpl
def register_routes(datasette: Any) -> list[tuple[str, Any]]:
    """The timeline, its feeds and exports, and the entity pages (each with .json)."""
    return [
        (r"^/-/timeline(\.(?P<format>json))?$", timeline_page),
        (r"^/-/timeline\.atom$", timeline_atom),
        (r"^/-/timeline\.ics$", timeline_ics),
        (r"^/-/timeline\.csv$", timeline_csv),
        (r"^/-/reports\.csv$", reports_csv),
        (r"^/-/entities(\.(?P<format>json))?$", entity_index),
        (r"^/-/entities/(?P<entity_id>[^/]+?)(\.(?P<format>json))?$", entity_page),
        (r"^/-/events/(?P<uid>[A-Za-z0-9-]+?)(\.(?P<format>json|csv))?$", event_page),
        (r"^/-/changes\.atom$", changes_atom),
        ("^" + ROUTE.replace(".", r"\.") + "$", timeline_view_csv),
    ]


@hookimpl
def prepare_connection(conn: Any, datasette: Any) -> None:
    """The safe search function for canned queries, and public SQL's limits (in public mode:
    no article texts)."""
    harden_connection(conn, public=is_public(datasette))


@hookimpl
def permission_allowed(datasette: Any, action: str, resource: Any) -> bool | None:
    """Public mode: no visitor SQL, no browsing of the articles' full-text index."""
    return public_permission(datasette, action, resource)


@hookimpl
def prepare_jinja2_environment(env: Any, datasette: Any) -> None:
    """Make offlimits/web/templates findable."""
    # Datasette finds a plugin's templates/ only for a package plugin; this one is a module.
    env.loader = ChoiceLoader([env.loader, FileSystemLoader(str(TEMPLATES_DIR))])


@hookimpl
def get_metadata(datasette: Any) -> dict[str, Any]:
    """metadata.yml for a database of offlimits data under any name (see packaged_metadata)."""
    return plugin_metadata(datasette)


@hookimpl
def menu_links(datasette: Any) -> list[dict[str, str]]:
    """A link to the timeline in the site menu."""
    return [{"href": datasette.urls.path("/-/timeline"), "label": "Timeline of restrictions"}]


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    """Read-only and argument checks; lang="en" on every page; safe CSV, the view's full
    export as one query, other streams in big pages and chunks."""
    return lambda app: guard_requests(add_html_lang(safe_csv(
        route_plain_view_export(stream_csv_in_big_pages(app), datasette))), datasette)


@hookimpl(trylast=True)
def register_output_renderer(datasette: Any) -> dict[str, Any]:
    """.atom that stays valid for an empty result (see atom_feed)."""
    # trylast: registered after datasette-atom's renderer, so this one answers .atom
    return atom_renderer()
