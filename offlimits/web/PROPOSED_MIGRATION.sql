-- Proposed by the serving layer (offlimits/web): a migration "0003_serving_indexes" for
-- offlimits/store/schema.py. Not applied by anything in offlimits/web; the lead decides.
--
-- Entity pages look an entity up in every role of an event. actor_id, vendor_id and
-- product_id are indexed; affected_id and replacement_id are not, so every entity page
-- scans all events twice (~10 ms each on 100,000 events).
CREATE INDEX idx_events_affected ON events(affected_id);
CREATE INDEX idx_events_replacement ON events(replacement_id);
-- The new_events canned query and its Atom feed select the events created in the last N
-- days, newest first: without an index that is a scan and a sort of every event.
CREATE INDEX idx_events_created ON events(created_at);
-- source_health and per-outlet article counts: articles by source (1,000,000 rows).
CREATE INDEX idx_articles_source ON articles(source_id, published_date);
