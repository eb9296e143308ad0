"""Article-derived text is escaped: a title `<script>alert(1)</script>` never runs."""

from __future__ import annotations

import pytest

from tests.web.conftest import XSS_TITLE, fetch

PAGES_SHOWING_THE_TITLE = [
    "/-/timeline",
    "/-/timeline?vendor=deepseek",
    "/-/entities/deepseek",
    "/-/entities/gov-au",
    "/offlimits/articles",
    "/offlimits/articles/4",
    "/offlimits/search_articles?q=%22number+4%22",
    "/offlimits/event_articles",  # article_id shown with its title as label
]


@pytest.mark.parametrize("path", PAGES_SHOWING_THE_TITLE)
def test_script_title_is_escaped(datasette, path):
    response = fetch(datasette, path)
    assert response.status_code == 200
    assert XSS_TITLE not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


def test_script_title_is_plain_data_in_json_and_csv(datasette):
    data = fetch(datasette, "/offlimits/articles/4.json?_shape=objects").json()
    assert data["rows"][0]["title"] == XSS_TITLE
    csv_text = fetch(datasette, "/offlimits/articles.csv?id=4").text
    assert XSS_TITLE in csv_text  # CSV is data (text/csv), not HTML
    assert fetch(datasette, "/offlimits/articles.csv?id=4").headers[
        "content-type"].startswith("text/csv")


def test_filter_values_from_the_query_string_are_escaped(datasette):
    response = fetch(datasette, "/-/timeline?actor=%3Cscript%3Ealert(2)%3C/script%3E"
                                "&q=%22%3E%3Cimg+src=x+onerror=alert(3)%3E")
    assert response.status_code == 200
    assert "<script>alert(2)" not in response.text
    assert "<img src=x" not in response.text
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in response.text
