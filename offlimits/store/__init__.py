"""The only writer of the database: schema, migrations, upserts, event clustering, FTS."""

from offlimits.store.db import StoreError, connect, migrate, open_store, utcnow

__all__ = ["StoreError", "connect", "migrate", "open_store", "utcnow"]
