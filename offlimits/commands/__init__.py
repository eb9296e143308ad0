"""Click commands, one module each; `offlimits.cli` gathers them under the `offlimits` group."""
