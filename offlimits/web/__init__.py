"""The Datasette plugin: timeline and entity pages, the chart, template functions."""
