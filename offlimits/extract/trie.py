"""Compile many literal names into one fast regex by factoring their common prefixes.

Python's `re` tries alternatives one by one; a trie-shaped pattern (`Clau(?:de(?: Code)?)`)
tests each character once, which keeps alias matching fast with hundreds of names.
"""

from __future__ import annotations

import re


def trie_pattern(words: list[str]) -> str:
    """A regex (no anchors, no flags) that matches exactly the given strings, longest first."""
    trie: dict = {}
    for word in set(words):
        if not word:
            continue
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = True
    return _pattern(trie) or "(?!x)x"


def _pattern(node: dict) -> str:
    ends = "" in node
    branches = []
    for ch in sorted(k for k in node if k):
        branches.append(re.escape(ch) + _pattern(node[ch]))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        # greedy optional: the longer name wins, the shorter still matches
        return "(?:" + body + ")?" if len(branches) > 1 or len(branches[0]) > 1 else body + "?"
    return body
