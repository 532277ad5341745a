"""Sync's side of the database: this device's id, events not yet shared, merging others'.

The merge is conflict-free. The review log is a grow-only set of answers keyed by event
id (`revlog.uid`); an undone answer leaves the log and its id stays in `sync_removed`, so
it never comes back; a card's state is rebuilt by replaying its merged log in time order
(answer time, then event id) through the same scheduler live answers use; each shared
setting takes the value of its latest change (time, then device id). Everything read
from a segment is checked with the ranges `progress import` uses (`sanity.py`): a bad
record is left out and named, never stored. Folders and files are the caller's
(`core/sync/folder.py`); this module only sees `Segment`s.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from exoterm.core.srs.clock import to_ms
from exoterm.core.srs.settings import DEVICE_SETTINGS, SCHEDULING_SETTINGS, SrsSettings
from exoterm.core.store import keyvalue, sanity
from exoterm.core.store.cards import SCHED_COLUMNS, state_to_row
from exoterm.core.store.database import Database
from exoterm.core.store.reviews import replay_log
from exoterm.core.store.transfer import MAX_SETTING, SETTING_KEYS
from exoterm.core.sync.segment import Answer, Event, Segment, SettingChange, Undo, is_event_id
from exoterm.errors import ExotermError

_DEVICE_KEY, _SEQ_KEY = "sync_device", "sync_seq"
_CHUNK = 500  # card ids per query
_UPDATE_STATE = f"UPDATE cards SET {', '.join(c + ' = ?' for c in SCHED_COLUMNS[:8])} WHERE id = ?"
_INSERT = ("INSERT INTO revlog(id, card_id, rating, ivl_s, last_ivl_s, stability, difficulty, "
           "duration_ms, kind, reviewed_ms, response, correct, uid, synced) "
           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)")
Incoming = tuple[str, int, Segment]  # (path in the sync folder, size, segment)


@dataclass
class MergeReport:
    """What reading other devices' segments changed here."""

    segments: int = 0
    answers: int = 0  # new answers added to the log
    undone: int = 0  # answers removed by an undo from another device
    settings: int = 0  # settings taken from another device
    rescheduled: int = 0  # cards whose state changed by the replay
    problems: list[str] = field(default_factory=list)  # records left out, `where: why`


@dataclass(frozen=True, slots=True)
class Written:
    """A segment this device wrote: its path in the folder and what it holds."""

    path: str
    answers: int
    undos: int
    settings: int


def device_id(db: Database) -> str:
    """This install's device id (32 hex digits), made on first use and kept in the database."""
    with db.write() as conn:
        device = keyvalue.meta(conn, _DEVICE_KEY)
        if device is None or not is_event_id(device):
            device = uuid.uuid4().hex
            keyvalue.set_meta(conn, _DEVICE_KEY, device)
    return device


def seen_files(db: Database) -> dict[str, int]:
    """Segment files already read (or written) here: path in the folder → size."""
    with db.lock:
        return dict(db.conn.execute("SELECT path, size FROM sync_seen"))


def last_seq(db: Database) -> int:
    with db.lock:
        return int(keyvalue.meta(db.conn, _SEQ_KEY) or 0)


# reading other devices' segments ---------------------------------------------------
def merge(db: Database, incoming: Sequence[Incoming]) -> MergeReport:
    """Merge whole segments into the log, settings and card states (one transaction)."""
    report = MergeReport()
    limits = sanity.Limits.for_import(to_ms(db.now()))
    own = device_id(db)
    with db.write() as conn:
        affected: set[str] = set()
        latest: dict[str, tuple[SettingChange, str]] = {}
        for path, size, segment in incoming:
            report.problems += segment.problems
            for number, event in enumerate(segment.events, 2):
                where = f"{path}:{number}"
                problem = _problem(event, limits)
                if problem:
                    report.problems.append(f"{where}: {problem}")
                elif isinstance(event, Answer):
                    if _add_answer(conn, event):
                        report.answers += 1
                        affected.add(event.card_id)
                elif isinstance(event, Undo):
                    card = _remove_answer(conn, event.uid)
                    if card is not None:
                        report.undone += 1
                        affected.add(card)
                elif event.key not in latest or _stamp(event) > _stamp(latest[event.key][0]):
                    latest[event.key] = (event, where)
            conn.execute("INSERT OR REPLACE INTO sync_seen(path, size) VALUES (?, ?)",
                         (path, size))
            report.segments += 1
        report.settings, scheduling = _take_settings(conn, latest, own, report.problems)
        report.rescheduled = _replay(conn, SrsSettings.from_values(_stored(conn)), affected,
                                     everything=scheduling)
    db.reload_settings()
    return report


def _stamp(change: SettingChange) -> tuple[int, str]:
    return change.changed_ms, change.device


def _problem(event: Event, limits: sanity.Limits) -> str | None:
    """Why an event cannot be stored (`field: why`), with progress import's ranges."""
    if isinstance(event, Answer):
        row = {"id": 0, "card_id": event.card_id, "rating": event.rating, "kind": event.kind,
               "ivl_s": event.ivl_s, "last_ivl_s": event.last_ivl_s,
               "duration_ms": event.duration_ms, "reviewed_ms": event.reviewed_ms,
               "stability": event.stability, "difficulty": event.difficulty,
               "response": event.response, "correct": event.correct}
        found = sanity.review_problem(row, limits)
        if found:
            return f"{found[0]}: {found[1]}"
        if not event.card_id:
            return "card_id: must not be empty"
        if len(event.fingerprint) > sanity.MAX_TEXT:
            return f"fingerprint: longer than {sanity.MAX_TEXT} characters"
        return None
    if isinstance(event, Undo):
        return None
    if event.key not in SETTING_KEYS or event.key in DEVICE_SETTINGS:
        return f"key: not a shared setting ({event.key[:40]!r})"
    if len(event.value) > MAX_SETTING:
        return f"value: longer than {MAX_SETTING} characters"
    if not is_event_id(event.device):
        return "device: must be a device id (32 hex digits)"
    if not limits.low <= event.changed_ms <= limits.high:
        return "changed_ms: outside 2000 … a year from now"
    try:
        SrsSettings.from_values({event.key: event.value})
    except ExotermError as err:
        return f"value: {err}"
    return None


def _free_id(conn: Any, wanted: int) -> int:
    """A review-log id at or just after the answer's time, so ids stay in answer order."""
    while conn.execute("SELECT 1 FROM revlog WHERE id = ?", (wanted,)).fetchone():
        wanted += 1
    return wanted


def _add_answer(conn: Any, event: Answer) -> bool:
    """Add a remote answer unless it is already here or was undone; True when added."""
    if conn.execute("SELECT 1 FROM revlog WHERE uid = ?", (event.uid,)).fetchone() or \
            conn.execute("SELECT 1 FROM sync_removed WHERE uid = ?", (event.uid,)).fetchone():
        return False
    if conn.execute("SELECT 1 FROM cards WHERE id = ?", (event.card_id,)).fetchone() is None:
        # A card of content this device does not have (yet): kept, not scheduled; the next
        # catalog sync looks at every card again and schedules it if the deck has it.
        conn.execute("INSERT INTO cards(id, fingerprint, present, position) VALUES (?, ?, 0, ?)",
                     (event.card_id, event.fingerprint, 1 << 40))
        conn.execute("DELETE FROM meta WHERE key = 'catalog'")
    conn.execute(_INSERT, (_free_id(conn, event.reviewed_ms), event.card_id, event.rating,
                           event.ivl_s, event.last_ivl_s, event.stability, event.difficulty,
                           event.duration_ms, event.kind, event.reviewed_ms, event.response,
                           event.correct, event.uid))
    return True


def _remove_answer(conn: Any, uid: str) -> str | None:
    """Apply an undo: the answer leaves the log for good; its card id, None if absent."""
    row = conn.execute("SELECT card_id FROM revlog WHERE uid = ?", (uid,)).fetchone()
    conn.execute("INSERT OR IGNORE INTO sync_removed(uid, card_id, synced) VALUES (?, ?, 1)",
                 (uid, "" if row is None else row[0]))
    if row is None:
        return None
    conn.execute("DELETE FROM revlog WHERE uid = ?", (uid,))
    return str(row[0])


def _stored(conn: Any) -> dict[str, str]:
    return dict(conn.execute("SELECT key, value FROM settings"))


def _take_settings(conn: Any, latest: dict[str, tuple[SettingChange, str]], own: str,
                   problems: list[str]) -> tuple[int, bool]:
    """Take each remote setting newer than this device's value; (how many were taken,
    whether one the card states depend on changed)."""
    taken, scheduling = 0, False
    for key, (change, where) in sorted(latest.items()):
        local = conn.execute("SELECT changed_ms, device FROM sync_settings WHERE key = ?",
                             (key,)).fetchone()
        if local is not None and (local[0], local[1] or own) >= _stamp(change):
            continue
        before = SrsSettings.from_values(_stored(conn)).to_values().get(key)
        conn.execute("SAVEPOINT setting")
        conn.execute("INSERT OR REPLACE INTO settings(key, value) VALUES (?, ?)",
                     (key, change.value))
        try:
            after = SrsSettings.from_values(_stored(conn)).to_values().get(key)
        except ExotermError as err:  # fine alone, not with the other settings
            conn.execute("ROLLBACK TO setting")
            conn.execute("RELEASE setting")
            problems.append(f"{where}: value: {err}")
            continue
        conn.execute("INSERT OR REPLACE INTO sync_settings(key, changed_ms, device, synced) "
                     "VALUES (?, ?, ?, 1)", (key, change.changed_ms, change.device))
        conn.execute("RELEASE setting")
        taken += 1
        scheduling = scheduling or (key in SCHEDULING_SETTINGS and before != after)
    return taken, scheduling


def _replay(conn: Any, settings: SrsSettings, cards: Iterable[str], *,
            everything: bool = False) -> int:
    """Rebuild the states of `cards` (and, with `everything`, of every card with a log)
    from their merged logs; a card whose answers were all undone becomes new. Returns how
    many changed. A changed card's undo steps go: they would restore a state from before
    the merge."""
    from exoterm.core.srs.scheduler import SrsScheduler

    scheduler = SrsScheduler(settings)
    wanted = set(cards)
    if everything:
        wanted.update(r[0] for r in conn.execute("SELECT DISTINCT card_id FROM revlog"))
    ids = sorted(wanted)
    changed = 0
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        rows = conn.execute(f"SELECT card_id, rating, kind, reviewed_ms FROM revlog WHERE "
                            f"card_id IN ({marks}) AND {sanity.SOUND_REVIEW_SQL} "
                            "ORDER BY card_id, reviewed_ms, uid", chunk)
        logs = {card: [(r[1], r[2], r[3]) for r in group]
                for card, group in groupby(rows.fetchall(), key=lambda r: r[0])}
        current = {r[0]: tuple(r[1:]) for r in conn.execute(
            f"SELECT id, {', '.join(SCHED_COLUMNS[:8])} FROM cards WHERE id IN ({marks})", chunk)}
        for card in chunk:
            new = state_to_row(replay_log(scheduler, card, logs.get(card, ())))
            if card in current and current[card] != new:
                conn.execute(_UPDATE_STATE, (*new, card))
                conn.execute("DELETE FROM undo WHERE card_id = ?", (card,))
                changed += 1
    return changed


# writing this device's segment ---------------------------------------------------------
_PENDING_ANSWERS = (
    "SELECT r.uid, r.card_id, r.rating, r.kind, r.reviewed_ms, r.duration_ms, r.ivl_s, "
    "r.last_ivl_s, r.stability, r.difficulty, r.response, r.correct, "
    "COALESCE(c.fingerprint, '') FROM revlog r LEFT JOIN cards c ON c.id = r.card_id "
    "WHERE r.synced = 0 ORDER BY r.id")


def _pending(conn: Any, device: str) -> tuple[list[Event], set[str]]:
    """This device's events not yet in a segment, and the cards they are about."""
    events: list[Event] = []
    for (uid, card, rating, kind, reviewed_ms, duration_ms, ivl_s, last_ivl_s, stability,
         difficulty, response, correct, fp) in conn.execute(_PENDING_ANSWERS):
        events.append(Answer(uid, card, rating, kind, reviewed_ms, duration_ms, ivl_s,
                             last_ivl_s, None if stability is None else float(stability),
                             None if difficulty is None else float(difficulty),
                             response, correct, fp))
    cards = {e.card_id for e in events if isinstance(e, Answer)}
    for uid, card in conn.execute(
            "SELECT uid, card_id FROM sync_removed WHERE synced = 0 ORDER BY uid"):
        events.append(Undo(uid))
        cards.add(card)
    events += [SettingChange(key, value, changed_ms, device) for key, value, changed_ms in
               conn.execute("SELECT s.key, t.value, s.changed_ms FROM sync_settings s "
                            "JOIN settings t ON t.key = s.key WHERE s.synced = 0 ORDER BY s.key")]
    return events, cards


def publish(db: Database, write: Callable[[Segment], tuple[str, int]],
            min_seq: int = 1) -> Written | None:
    """Hand this device's events not yet shared to `write` as one segment (numbered at
    least `min_seq`) and mark them shared once it returns (path, size); None when there
    was nothing to share. The mark and the file are not one transaction: killed in
    between, the events are written again next time, which merging ignores (same ids)."""
    device = device_id(db)
    with db.write() as conn:
        events, cards = _pending(conn, device)
        if not events:
            return None
        seq = max(int(keyvalue.meta(conn, _SEQ_KEY) or 0) + 1, min_seq)
        path, size = write(Segment(device, seq, to_ms(db.now()), tuple(events)))
        conn.execute("UPDATE revlog SET synced = 1 WHERE synced = 0")
        conn.execute("UPDATE sync_removed SET synced = 1 WHERE synced = 0")
        conn.execute("UPDATE sync_settings SET synced = 1, device = ? WHERE synced = 0", (device,))
        conn.execute("INSERT OR REPLACE INTO sync_seen(path, size) VALUES (?, ?)", (path, size))
        keyvalue.set_meta(conn, _SEQ_KEY, str(seq))
        answers = [e for e in events if isinstance(e, Answer)]
        settings = [e for e in events if isinstance(e, SettingChange)]
        scheduling = any(e.key in SCHEDULING_SETTINGS for e in settings)
        # Replayed here as everywhere else, so every device holds the same states.
        _replay(conn, SrsSettings.from_values(_stored(conn)), cards, everything=scheduling)
    return Written(path, len(answers), len(events) - len(answers) - len(settings), len(settings))
