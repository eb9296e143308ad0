"""`python -m offlimits` is the `offlimits` command."""

from offlimits.cli import main

main()
