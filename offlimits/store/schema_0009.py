"""Migration 0009 (by the web helper, kept apart from schema.py's list so it merges cleanly).

- The `timeline` view's `regions` becomes a JSON array (events.regions), so Datasette can
  facet it (`/offlimits/timeline?_facet_array=regions`); `region_codes` keeps the codes as
  text, ';'-joined, and `actor_country` is the actor's home country. The CSV exports read
  this view rather than repeating its joins.
- `articles_fts` gets the porter stemmer over unicode61 (as events_fts did in 0008), so that
  searching articles for "ban" finds "banned". Rebuilt from `articles` (external content).
"""

from __future__ import annotations

NAME = "0009_timeline_regions_array_and_article_stemming"

SQL = """
DROP VIEW timeline;
CREATE VIEW timeline AS
SELECT
    e.id AS event_id,
    e.uid,
    e.date,
    e.date_precision,
    e.month,
    e.effective_date,
    e.action,
    actor.name AS actor,
    actor.type AS actor_type,
    actor.country AS actor_country,
    vendor.name AS vendor,
    product.name AS product,
    affected.name AS affected,
    replacement.name AS replacement,
    CASE WHEN json_valid(e.regions) THEN e.regions ELSE '[]' END AS regions,
    (SELECT group_concat(value, ';') FROM json_each(
        CASE WHEN json_valid(e.regions) THEN e.regions ELSE '[]' END)) AS region_codes,
    e.status,
    e.summary,
    e.evidence,
    e.article_count,
    e.source_urls,
    e.first_reported_at,
    e.actor_id,
    e.vendor_id,
    e.product_id,
    e.verified_id
FROM events e
LEFT JOIN entities actor ON actor.id = e.actor_id
LEFT JOIN entities vendor ON vendor.id = e.vendor_id
LEFT JOIN entities product ON product.id = e.product_id
LEFT JOIN entities affected ON affected.id = e.affected_id
LEFT JOIN entities replacement ON replacement.id = e.replacement_id
WHERE e.status != 'rejected';
DROP TRIGGER articles_ai;
DROP TRIGGER articles_ad;
DROP TRIGGER articles_au;
DROP TABLE articles_fts;
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, summary, text, content='articles', content_rowid='id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, summary, text)
    VALUES (new.id, new.title, new.summary, new.text);
END;
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, summary, text)
    VALUES ('delete', old.id, old.title, old.summary, old.text);
END;
CREATE TRIGGER articles_au AFTER UPDATE OF title, summary, text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, summary, text)
    VALUES ('delete', old.id, old.title, old.summary, old.text);
    INSERT INTO articles_fts(rowid, title, summary, text)
    VALUES (new.id, new.title, new.summary, new.text);
END;
"""
