"""The database schema, as an ordered list of forward-only migrations.

Each migration runs once, inside one transaction, and is recorded in `_migrations`
(name, applied_at). Never edit a migration that has shipped: add a new one.
"""

from __future__ import annotations

from offlimits.store import schema_0009

MIGRATIONS: list[tuple[str, str]] = [
    (
        "0001_initial",
        """
        CREATE TABLE sources (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            kind TEXT NOT NULL,             -- feed | html | search
            url TEXT,                       -- the address polled (built from query for search)
            query TEXT,
            interval_minutes INTEGER NOT NULL,
            language TEXT,
            region TEXT,
            enabled INTEGER NOT NULL DEFAULT 1,
            etag TEXT,
            last_modified TEXT,
            last_status TEXT,               -- ok | not_modified | error
            last_http_status INTEGER,
            last_error TEXT,
            last_polled_at TEXT,
            last_success_at TEXT,
            last_new_item_at TEXT,
            consecutive_failures INTEGER NOT NULL DEFAULT 0,
            next_due_at TEXT
        );
        CREATE TABLE polls (
            id INTEGER PRIMARY KEY,
            source_id TEXT NOT NULL REFERENCES sources(id),
            started_at TEXT NOT NULL,
            finished_at TEXT NOT NULL,
            duration_ms INTEGER,
            status TEXT NOT NULL,           -- ok | not_modified | error
            http_status INTEGER,
            items_seen INTEGER NOT NULL DEFAULT 0,
            items_new INTEGER NOT NULL DEFAULT 0,
            items_duplicate INTEGER NOT NULL DEFAULT 0,
            pages_fetched INTEGER NOT NULL DEFAULT 0,
            error TEXT
        );
        CREATE INDEX idx_polls_source ON polls(source_id, started_at);
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL UNIQUE,       -- canonical URL
            title TEXT,
            summary TEXT,
            text TEXT,
            published TEXT,                 -- ISO 8601 as the source gave it
            published_date TEXT,            -- YYYY-MM-DD
            language TEXT,
            source_id TEXT REFERENCES sources(id),   -- where it was first seen
            first_poll_id INTEGER REFERENCES polls(id),
            first_seen_at TEXT NOT NULL,
            page_fetched INTEGER NOT NULL DEFAULT 0,
            content_hash TEXT,              -- of the normalised text, to spot syndicated copies
            duplicate_of INTEGER REFERENCES articles(id),
            relevant INTEGER,               -- NULL until extracted
            relevance_score REAL,
            relevance_reasons TEXT,         -- JSON array
            extracted_at TEXT,
            extractor_version TEXT
        );
        CREATE INDEX idx_articles_published ON articles(published_date);
        CREATE INDEX idx_articles_hash ON articles(content_hash);
        CREATE INDEX idx_articles_relevant ON articles(relevant);
        CREATE INDEX idx_articles_duplicate ON articles(duplicate_of);
        CREATE TABLE article_sightings (
            article_id INTEGER NOT NULL REFERENCES articles(id),
            source_id TEXT NOT NULL REFERENCES sources(id),
            seen_url TEXT NOT NULL,
            poll_id INTEGER REFERENCES polls(id),
            first_seen_at TEXT NOT NULL,
            PRIMARY KEY (article_id, source_id, seen_url)
        );
        CREATE TABLE entities (
            id TEXT PRIMARY KEY,            -- stable slug: anthropic, claude-code, gov-cz
            name TEXT NOT NULL,
            type TEXT NOT NULL,             -- vendor | product | company | government | ...
            country TEXT,                   -- ISO 3166-1 alpha-2, or EU
            vendor_id TEXT REFERENCES entities(id),
            aliases TEXT,                   -- JSON array
            known INTEGER NOT NULL DEFAULT 1  -- 0 when recognised from text, not in the gazetteer
        );
        CREATE INDEX idx_entities_type ON entities(type);
        CREATE TABLE article_entities (
            article_id INTEGER NOT NULL REFERENCES articles(id),
            entity_id TEXT NOT NULL REFERENCES entities(id),
            mentions INTEGER NOT NULL,
            PRIMARY KEY (article_id, entity_id)
        );
        CREATE INDEX idx_article_entities_entity ON article_entities(entity_id);
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            verified_id TEXT UNIQUE,        -- id in data/events.yml for hand-verified events
            actor_id TEXT REFERENCES entities(id),
            vendor_id TEXT REFERENCES entities(id),
            product_id TEXT REFERENCES entities(id),
            affected_id TEXT REFERENCES entities(id),
            replacement_id TEXT REFERENCES entities(id),
            action TEXT NOT NULL,           -- ban | restrict | suspend | lift | investigate | warn
            regions TEXT NOT NULL DEFAULT '[]',  -- JSON array of ISO 3166-1 codes (EU)
            date TEXT,                      -- YYYY-MM-DD, YYYY-MM or YYYY
            date_precision TEXT,            -- day | month | year
            month TEXT,                     -- YYYY-MM, stored for facets and charts
            year INTEGER,
            effective_date TEXT,            -- YYYY-MM-DD
            status TEXT NOT NULL DEFAULT 'extracted',  -- extracted | verified | rejected
            summary TEXT,
            first_reported_at TEXT,         -- earliest report (article published or first seen)
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX idx_events_date ON events(date);
        CREATE INDEX idx_events_month ON events(month, action);
        CREATE INDEX idx_events_actor ON events(actor_id);
        CREATE INDEX idx_events_vendor ON events(vendor_id);
        CREATE INDEX idx_events_product ON events(product_id);
        CREATE INDEX idx_events_action ON events(action);
        CREATE INDEX idx_events_status ON events(status);
        CREATE TABLE event_regions (
            event_id INTEGER NOT NULL REFERENCES events(id),
            region TEXT NOT NULL,
            PRIMARY KEY (event_id, region)
        );
        CREATE INDEX idx_event_regions_region ON event_regions(region);
        CREATE TABLE event_articles (
            event_id INTEGER NOT NULL REFERENCES events(id),
            article_id INTEGER NOT NULL REFERENCES articles(id),
            evidence TEXT,
            PRIMARY KEY (event_id, article_id)
        );
        CREATE INDEX idx_event_articles_article ON event_articles(article_id);
        CREATE TABLE event_sources (
            event_id INTEGER NOT NULL REFERENCES events(id),
            url TEXT NOT NULL,              -- citations of a verified event (data/events.yml)
            PRIMARY KEY (event_id, url)
        );
        CREATE TABLE regions (
            code TEXT PRIMARY KEY,          -- ISO 3166-1 alpha-2, or EU
            name TEXT NOT NULL
        );
        """,
    ),
    (
        "0002_search_and_timeline",
        """
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, summary, text, content='articles', content_rowid='id'
        );
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
        -- events_fts is maintained by offlimits.store (rowid = events.id): the names of the
        -- event's entities, its summary and its evidence sentences.
        CREATE VIRTUAL TABLE events_fts USING fts5(names, summary, evidence);
        CREATE VIEW timeline AS
        SELECT
            e.id AS event_id,
            e.date,
            e.date_precision,
            e.month,
            e.effective_date,
            e.action,
            actor.name AS actor,
            actor.type AS actor_type,
            vendor.name AS vendor,
            product.name AS product,
            affected.name AS affected,
            replacement.name AS replacement,
            (SELECT group_concat(region, ' ') FROM (
                SELECT region FROM event_regions WHERE event_id = e.id ORDER BY region
            )) AS regions,
            e.status,
            e.summary,
            (SELECT ea.evidence FROM event_articles ea JOIN articles a ON a.id = ea.article_id
                WHERE ea.event_id = e.id AND ea.evidence IS NOT NULL
                ORDER BY a.published_date, a.id LIMIT 1) AS evidence,
            (SELECT count(*) FROM event_articles WHERE event_id = e.id) AS article_count,
            (SELECT group_concat(url, ' ') FROM (
                SELECT url FROM event_sources WHERE event_id = e.id
                UNION
                SELECT a.url FROM event_articles ea JOIN articles a ON a.id = ea.article_id
                WHERE ea.event_id = e.id)) AS source_urls,
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
        """,
    ),
    (
        "0003_serving_indexes",
        """
        -- entity pages look an entity up in every role of an event
        CREATE INDEX idx_events_affected ON events(affected_id);
        CREATE INDEX idx_events_replacement ON events(replacement_id);
        -- new_events (and its Atom feed): events added in the last N days, newest first
        CREATE INDEX idx_events_created ON events(created_at);
        -- source health and per-outlet article counts
        CREATE INDEX idx_articles_source ON articles(source_id, published_date);
        """,
    ),
    (
        "0004_event_derived_columns",
        """
        -- What the timeline shows of an event's reports, kept on the event by the store
        -- (offlimits.store.events.refresh_derived) so that exporting every event does not
        -- run three subqueries per row.
        ALTER TABLE events ADD COLUMN evidence TEXT;
        ALTER TABLE events ADD COLUMN article_count INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE events ADD COLUMN source_urls TEXT;
        UPDATE events SET
            evidence = (SELECT ea.evidence FROM event_articles ea
                JOIN articles a ON a.id = ea.article_id
                WHERE ea.event_id = events.id AND ea.evidence IS NOT NULL
                ORDER BY a.published_date, a.id LIMIT 1),
            article_count = (SELECT count(*) FROM event_articles WHERE event_id = events.id),
            source_urls = (SELECT group_concat(url, ' ') FROM (
                SELECT url FROM event_sources WHERE event_id = events.id
                UNION
                SELECT a.url FROM event_articles ea JOIN articles a ON a.id = ea.article_id
                WHERE ea.event_id = events.id));
        DROP VIEW timeline;
        CREATE VIEW timeline AS
        SELECT
            e.id AS event_id,
            e.date,
            e.date_precision,
            e.month,
            e.effective_date,
            e.action,
            actor.name AS actor,
            actor.type AS actor_type,
            vendor.name AS vendor,
            product.name AS product,
            affected.name AS affected,
            replacement.name AS replacement,
            (SELECT group_concat(value, ' ') FROM json_each(e.regions)) AS regions,
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
        """,
    ),
    (
        "0005_poll_warnings",
        """
        -- what a poll got past without failing: a truncated body, a malformed feed that
        -- still parsed, items skipped for want of a link (JSON array of strings)
        ALTER TABLE polls ADD COLUMN warnings TEXT;
        """,
    ),
    (
        "0006_event_uid_and_report_role",
        """
        -- A short event id that survives rebuilds, re-extraction and merges (links, Atom entry
        -- ids and iCalendar UIDs use it). The store assigns it from the event's identity
        -- (offlimits.store.events.event_uid); rows from before this migration keep 'e<id>'.
        ALTER TABLE events ADD COLUMN uid TEXT;
        UPDATE events SET uid = 'e' || id WHERE uid IS NULL;
        CREATE UNIQUE INDEX idx_events_uid ON events(uid);
        -- whether an article reports the event or only mentions it in passing
        ALTER TABLE event_articles ADD COLUMN role TEXT NOT NULL DEFAULT 'report'
            CHECK (role IN ('report', 'background'));
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
            vendor.name AS vendor,
            product.name AS product,
            affected.name AS affected,
            replacement.name AS replacement,
            (SELECT group_concat(value, ' ') FROM json_each(e.regions)) AS regions,
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
        """,
    ),
    (
        "0007_curation",
        """
        -- Curation that sticks (data/curation.yml, `offlimits review`): what a curator set on
        -- an event is listed in `curated` (JSON array of field names) and no machine
        -- overwrites it; a merged-away uid names its survivor in event_redirects; a report
        -- the curator took off an event is remembered by article URL in event_detachments.
        ALTER TABLE events ADD COLUMN curated TEXT;
        CREATE TABLE event_redirects (
            uid TEXT PRIMARY KEY,           -- the merged-away event's uid
            target_uid TEXT NOT NULL,       -- the event it joined
            merged_at TEXT NOT NULL,
            reason TEXT,
            identity TEXT                   -- JSON: the merged-away event's actor, subject,
                                            -- action, regions, date (a report of it goes to
                                            -- the survivor)
        );
        CREATE TABLE event_detachments (
            event_uid TEXT NOT NULL,
            article_url TEXT NOT NULL,
            detached_at TEXT NOT NULL,
            reason TEXT,
            PRIMARY KEY (event_uid, article_url)
        );
        -- Every create, edit, merge, reject, verify, detach and delete of an event, with the values
        -- before and after (JSON objects of the fields that changed).
        CREATE TABLE changes (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,               -- when (the curator's decision time, or now)
            event_uid TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('create', 'edit', 'merge', 'reject', 'verify',
                                               'detach', 'delete')),
            before TEXT,                    -- JSON
            after TEXT,                     -- JSON
            reason TEXT,
            who TEXT,                       -- the curator, for decisions
            origin TEXT NOT NULL            -- pipeline | events.yml | curation
        );
        CREATE INDEX idx_changes_event ON changes(event_uid, at);
        -- data/curation.yml as loaded by the last writing command, in file order: the store
        -- applies a decision to an event as soon as the event exists.
        CREATE TABLE curation (
            seq INTEGER PRIMARY KEY,        -- position in the file, from 1
            what TEXT NOT NULL,             -- verify | reject | merge | edit | detach
            event_uid TEXT NOT NULL,
            into_uid TEXT,                  -- merge: the surviving event
            fields TEXT,                    -- edit: JSON object of the fields set
            article_url TEXT,               -- detach
            reason TEXT,
            who TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE INDEX idx_curation_event ON curation(event_uid);
        CREATE INDEX idx_curation_into ON curation(into_uid);
        CREATE INDEX idx_changes_at ON changes(at);
        -- A citation of a verified event says what it is: title, outlet, date, and a note of
        -- what it supports (written for offlimits, not quoted).
        ALTER TABLE event_sources ADD COLUMN title TEXT;
        ALTER TABLE event_sources ADD COLUMN outlet TEXT;
        ALTER TABLE event_sources ADD COLUMN published TEXT;
        ALTER TABLE event_sources ADD COLUMN evidence TEXT;
        """,
    ),
    (
        "0008_search_stemming",
        """
        -- events_fts with the porter stemmer over unicode61 (diacritics folded), so that
        -- "ban" finds "banned" and "school" finds "schools". Rebuilt from the old index's
        -- rows (rowid = events.id), and offlimits.store keeps writing it the same way.
        CREATE VIRTUAL TABLE events_fts_stemmed USING fts5(
            names, summary, evidence, tokenize = 'porter unicode61 remove_diacritics 2'
        );
        INSERT INTO events_fts_stemmed (rowid, names, summary, evidence)
            SELECT rowid, names, summary, evidence FROM events_fts;
        DROP TABLE events_fts;
        ALTER TABLE events_fts_stemmed RENAME TO events_fts;
        """,
    ),
    (schema_0009.NAME, schema_0009.SQL),
]
