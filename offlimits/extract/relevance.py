"""Relevance: does the article report a restriction of an AI tool? A score in [0, 1], reasons."""

from __future__ import annotations

from offlimits.extract.model import Entity, Event

RELEVANCE_THRESHOLD = 0.6


def relevance(merged: list[tuple[Event, float, list[str]]],
              entities: dict[str, Entity]) -> tuple[float, list[str]]:
    """The best event's confidence, with its trigger, actor and subject as reasons.

    An article without an event (a restriction trigger with an actor and an AI subject) scores
    by how many AI names it has, capped well under the threshold.
    """
    if not merged:
        ai = [e.name for e in entities.values() if e.type in ("vendor", "product")]
        return (0.1 if ai else 0.0), ([f"ai:{ai[0]}"] if ai else [])
    event, confidence, reasons = max(merged, key=lambda m: m[1])
    out = list(reasons)
    if event.actor is not None:
        out.append(f"actor:{event.actor.name}")
    subject = event.product or event.vendor
    if subject is not None:
        out.append(f"subject:{subject.name}")
    return confidence, out
