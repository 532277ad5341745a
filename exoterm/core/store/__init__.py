"""The learner's progress in SQLite: the only package that writes SQL.

Modules, lowest first: `schema` (tables and migrations), `backup` (backup files,
restore, quarantine), `keyvalue` (settings and meta tables), `database` (opening,
transactions, settings, daily backup), `cards`, `queue`, `reviews` (review log and undo),
`stats` and `results` (read queries), `transfer` (JSON lines export/import), and
`store` (`Store`, the everyday operations in one object). Submodules import each other,
never this package's names; this file only re-exports the common entry points.
"""

from exoterm.core.store.cards import CardFlags, SyncReport
from exoterm.core.store.database import UnreadableDatabaseError, db_path
from exoterm.core.store.queue import Queue
from exoterm.core.store.reviews import UNDO_DEPTH, Answered
from exoterm.core.store.schema import NewerDatabaseError
from exoterm.core.store.store import Store

__all__ = ["UNDO_DEPTH", "Answered", "CardFlags", "NewerDatabaseError", "Queue", "Store",
           "SyncReport", "UnreadableDatabaseError", "db_path"]
