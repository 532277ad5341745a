"""`exoterm sync DIR`: segment files, what is skipped until whole, what is refused, what a
hostile segment can (not) do, and the upgrade of a database made before sync."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from cli_fixtures import seeded_home
from srs_fixtures import T0, deck, open_store

from exoterm.cli import main
from exoterm.core.srs.clock import FixedClock, to_ms
from exoterm.core.srs.scheduler import Rating
from exoterm.core.store import Store
from exoterm.core.store.reviews import review_log
from exoterm.core.store.schema import MIGRATIONS, SCHEMA_VERSION
from exoterm.core.sync import segment
from exoterm.core.sync.folder import sync
from exoterm.core.sync.segment import Answer, Segment, SettingChange, Undo

DECK = deck(n_terms=4, n_items=0)
OTHER = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(T0)


def device(tmp_path: Path, name: str, clock: FixedClock) -> Store:
    return open_store(tmp_path / name, clock, synced=DECK)


def cards(store: Store) -> list[str]:
    return [c for c, in store.conn.execute("SELECT id FROM cards ORDER BY position")]


def answer_event(card: str, uid: str = "a" * 32, **changes: object) -> Answer:
    values: dict[str, object] = dict(
        uid=uid, card_id=card, rating=3, kind=0, reviewed_ms=to_ms(T0), duration_ms=1000,
        ivl_s=600, last_ivl_s=0, stability=2.3, difficulty=2.1, response=None, correct=None,
        fingerprint="fp")
    values.update(changes)
    return Answer(**values)  # type: ignore[arg-type]


def put(folder: Path, seg: Segment, name: str | None = None) -> Path:
    (folder / seg.device).mkdir(parents=True, exist_ok=True)
    path = folder / seg.device / (name or segment.segment_name(seg.seq))
    path.write_bytes(segment.encode(seg))
    return path


def test_segment_round_trip_and_checksum() -> None:
    seg = Segment(OTHER, 7, to_ms(T0), (answer_event("c1"), Undo("b" * 32),
                                        SettingChange("new_per_day", "5", to_ms(T0), OTHER)))
    data = segment.encode(seg)
    assert segment.decode(data, "x") == seg
    assert segment.decode(data.replace(b"\n", b"\r\n"), "x") == seg  # a git checkout's CRLF
    flipped = data.replace(b'"rating": 3', b'"rating": 4')
    with pytest.raises(segment.IncompleteSegment):
        segment.decode(flipped, "x")  # the checksum no longer matches: not whole


@pytest.mark.parametrize("trailer", [b"[" * 100_000, b"\xff\xfe", b'{"type": "end", "events": 1e999}'],
                         ids=["nested", "not UTF-8", "huge number"])
def test_a_hostile_trailer_is_an_incomplete_segment(trailer: bytes) -> None:
    """The last line of a segment was parsed with json.loads: nested 100,000 deep, it
    crashed `exoterm sync` (and the app's sync) with a RecursionError."""
    data = segment.encode(Segment(OTHER, 1, to_ms(T0), (answer_event("c1"),)))
    body = data[: data.rfind(b"\n", 0, len(data) - 1) + 1]
    with pytest.raises(segment.IncompleteSegment):
        segment.decode(body + trailer + b"\n", "x")


def test_two_devices_keep_both_offline_answers_to_one_card(tmp_path: Path,
                                                           clock: FixedClock) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    a, b = device(tmp_path, "a", clock), device(tmp_path, "b", clock)
    card = cards(a)[0]
    a.answer(card, Rating.Good)
    clock.advance(timedelta(hours=1))
    b.answer(card, Rating.Again)
    for store in (a, b, a):
        sync(store, shared)
    assert len(a.history(card)) == len(b.history(card)) == 2
    assert a.card(card) == b.card(card)
    assert a.card(card).reps == 2  # type: ignore[union-attr]


def test_truncated_segment_waits_until_whole(tmp_path: Path, clock: FixedClock) -> None:
    shared = tmp_path / "shared"
    store = device(tmp_path, "a", clock)
    whole = segment.encode(Segment(OTHER, 1, to_ms(T0), (answer_event(cards(store)[0]),)))
    (shared / OTHER).mkdir(parents=True)
    target = shared / OTHER / segment.segment_name(1)
    for cut in (len(whole) // 2, len(whole) - 1, whole.rfind(b"\n", 0, len(whole) - 1)):
        target.write_bytes(whole[:cut])
        report = sync(store, shared)
        assert report.waiting and report.merged.answers == 0
    target.write_bytes(whole)
    report = sync(store, shared)
    assert report.merged.answers == 1 and not report.waiting
    assert sync(store, shared).merged.segments == 0  # read once


def test_temporary_and_backup_files_are_never_read(tmp_path: Path, clock: FixedClock) -> None:
    shared = tmp_path / "shared"
    store = device(tmp_path, "a", clock)
    seg = Segment(OTHER, 1, to_ms(T0), (answer_event(cards(store)[0]),))
    for name in (".syncthing.seg-00000001.jsonl.tmp", "seg-00000001.jsonl~",
                 "~seg-00000001.jsonl", "seg-00000001.jsonl.part", ".seg-00000001.jsonl"):
        put(shared, seg, name)
    report = sync(store, shared)
    assert report.merged.segments == 0 and not (report.waiting or report.refused)
    put(shared, seg, "seg-00000001.sync-conflict-20261205-101010-ABCDEFG.jsonl")
    put(shared, seg)
    report = sync(store, shared)  # a conflict copy is read like any segment; ids count once
    assert report.merged.segments == 2 and report.merged.answers == 1


def test_newer_format_is_refused_with_a_clear_message(tmp_path: Path, clock: FixedClock,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("EXOTERM_HOME", str(tmp_path / "home"))
    shared = tmp_path / "shared"
    (shared / OTHER).mkdir(parents=True)
    header = {"format": "exoterm-sync", "version": segment.VERSION + 1, "device": OTHER,
              "seq": 1, "created_ms": to_ms(T0), "events": 0}
    newer = shared / OTHER / segment.segment_name(1)
    newer.write_text(json.dumps(header) + "\n{\"whatever\": 1}\n")
    good = Segment("1" * 32, 1, to_ms(T0), (SettingChange("new_per_day", "7", to_ms(T0),
                                                          "1" * 32),))
    put(shared, good)
    assert main(["--lang", "en", "sync", str(shared)]) == 1
    err = capsys.readouterr().err
    assert f"{OTHER}/seg-00000001.jsonl" in err and "newer exoterm" in err
    with Store.open(tmp_path / "home" / "progress.sqlite3", daily_backup=False) as store:
        assert store.settings.new_per_day == 7  # the readable segment was merged
        assert store.conn.execute("SELECT COUNT(*) FROM sync_seen WHERE path LIKE ?",
                                  (f"{OTHER}/%",)).fetchone()[0] == 0  # read after an update
    assert newer.read_text().startswith(json.dumps(header))


def test_hostile_segment_cannot_brick_a_profile(tmp_path: Path, clock: FixedClock) -> None:
    shared = tmp_path / "shared"
    store = device(tmp_path, "a", clock)
    card = cards(store)[0]
    bad = (answer_event(card, "1" * 32, rating=9),
           answer_event(card, "2" * 32, reviewed_ms=to_ms(T0) - 40 * 365 * 86_400_000),
           answer_event("x" * 600, "3" * 32),
           answer_event(card, "4" * 32, stability=float("1e300")),
           answer_event(card, "5" * 32, rating=0),  # a rating of 0 is only for resets
           SettingChange("desired_retention", "5", to_ms(T0), OTHER),
           SettingChange("durability", '"normal"', to_ms(T0), OTHER),  # this device's own
           SettingChange("sync_dir", '"/tmp/elsewhere"', to_ms(T0), OTHER),
           SettingChange("evil", '"x"', to_ms(T0), OTHER))
    good = answer_event(card, "6" * 32)
    path = put(shared, Segment(OTHER, 1, to_ms(T0), (*bad, good)))
    # and lines that are not events at all
    lines = path.read_bytes().split(b"\n")
    body = b"\n".join([lines[0].replace(b'"events": 10', b'"events": 12'), *lines[1:-2],
                       b'{"type": "answer", "event": "zz"}', b"[1, 2]"]) + b"\n"
    import hashlib
    trailer = {"type": "end", "events": 12, "sha256": hashlib.sha256(body).hexdigest()}
    path.write_bytes(body + json.dumps(trailer).encode() + b"\n")
    report = sync(store, shared)
    assert report.merged.answers == 1 and len(report.merged.problems) == 11
    assert all(p.startswith(f"{OTHER}/seg-00000001.jsonl:") for p in report.merged.problems)
    assert store.settings.desired_retention == 0.9 and store.settings.durability == "full"
    assert store.settings.sync_dir == ""
    assert [r[1] for r in store.history(card)] == [3]
    store.answer(card, Rating.Good)  # still studies as before
    assert store.queue() is not None


def test_undo_of_a_shared_answer_reaches_the_other_device(tmp_path: Path,
                                                          clock: FixedClock) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    a, b = device(tmp_path, "a", clock), device(tmp_path, "b", clock)
    card = cards(a)[0]
    a.answer(card, Rating.Easy)
    sync(a, shared)
    sync(b, shared)
    assert b.card(card).reps == 1  # type: ignore[union-attr]
    assert a.undo() == card
    sync(a, shared)
    assert sync(b, shared).merged.undone == 1
    assert b.history(card) == [] and b.card(card) == a.card(card)
    assert b.card(card).reps == 0  # type: ignore[union-attr]
    # A copy of the original segment read later does not bring the answer back.
    first = next((shared / sync(a, shared).device).glob("seg-00000001.jsonl"))
    (first.parent / "seg-00000001 (conflicted copy).jsonl").write_bytes(first.read_bytes())
    sync(b, shared)
    assert b.history(card) == []


def test_settings_latest_change_wins_device_settings_stay(tmp_path: Path,
                                                          clock: FixedClock) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    a, b = device(tmp_path, "a", clock), device(tmp_path, "b", clock)
    b.save_settings(b.settings.with_value("new_per_day", "30").with_value("durability", "normal"))
    clock.advance(timedelta(minutes=5))
    a.save_settings(a.settings.with_value("new_per_day", "12"))
    for store in (b, a, b):
        sync(store, shared)
    assert a.settings.new_per_day == b.settings.new_per_day == 12
    assert (a.settings.durability, b.settings.durability) == ("full", "normal")


def test_nothing_in_the_folder_is_ever_rewritten(tmp_path: Path, clock: FixedClock) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    a, b = device(tmp_path, "a", clock), device(tmp_path, "b", clock)
    seen: dict[Path, bytes] = {}
    for n in range(4):
        for store in (a, b):
            clock.advance(timedelta(minutes=1))
            store.answer(cards(store)[n], Rating.Good)
            sync(store, shared)
            for path, data in seen.items():
                assert path.read_bytes() == data
            seen.update({p: p.read_bytes() for p in shared.rglob("*") if p.is_file()})
    assert len(seen) == 8 and not [p for p in shared.rglob(".*")]


def test_answers_for_cards_this_device_lacks_are_kept_unscheduled(tmp_path: Path,
                                                                   clock: FixedClock) -> None:
    shared = tmp_path / "shared"
    store = device(tmp_path, "a", clock)
    put(shared, Segment(OTHER, 1, to_ms(T0), (answer_event("term:elsewhere:ja>en"),)))
    assert sync(store, shared).merged.answers == 1
    row = store.conn.execute("SELECT present, reps FROM cards WHERE id = ?",
                             ("term:elsewhere:ja>en",)).fetchone()
    assert row == (0, 1)
    assert "term:elsewhere:ja>en" not in store.queue().new


def test_restored_backup_gets_back_what_it_had_shared(tmp_path: Path, clock: FixedClock) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    store = device(tmp_path, "a", clock)
    backup = store.backup("before")
    store.answer(cards(store)[0], Rating.Good)
    sync(store, shared)
    store.close()
    (tmp_path / "a" / "progress.sqlite3").write_bytes(backup.read_bytes())
    for extra in ("-wal", "-shm"):
        (tmp_path / "a" / f"progress.sqlite3{extra}").unlink(missing_ok=True)
    store = Store.open(tmp_path / "a" / "progress.sqlite3", clock=clock, daily_backup=False)
    assert sync(store, shared).merged.answers == 1


def test_upgrading_a_database_from_before_sync_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    conn = sqlite3.connect(path)
    for migration in MIGRATIONS[:SCHEMA_VERSION - 1]:
        for statement in migration:
            conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    conn.execute("INSERT INTO cards(id, state) VALUES ('c1', 0)")
    conn.executemany("INSERT INTO revlog(id, card_id, rating, ivl_s, last_ivl_s, duration_ms, "
                     "kind, reviewed_ms, response, correct) VALUES (?, 'c1', 3, 600, 0, 10, 0, "
                     "?, 'a', 1)", [(to_ms(T0) + n, to_ms(T0) + n) for n in range(3)])
    conn.commit()
    conn.close()
    shared = tmp_path / "shared"
    shared.mkdir()
    with Store.open(path, clock=FixedClock(T0 + timedelta(days=1)), daily_backup=False) as store:
        rows = store.conn.execute("SELECT id, response, correct, uid, synced FROM revlog "
                                  "ORDER BY id").fetchall()
        assert [r[:3] for r in rows] == [(to_ms(T0) + n, "a", 1) for n in range(3)]
        assert len({r[3] for r in rows}) == 3 and all(segment.is_event_id(r[3]) for r in rows)
        report = sync(store, shared)
        assert report.written is not None and report.written.answers == 3
        assert store.card("c1").reps == 3  # type: ignore[union-attr]  # rebuilt from the log


def test_cli_sync_gives_both_devices_the_same_stats(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    homes = []
    for name in ("one", "two"):
        seeded_home(tmp_path / name, monkeypatch, 6)
        homes.append(str(tmp_path / name / "home"))
    assert main(["--data-dir", homes[0], "sync"]) != 0  # no folder given, none set
    assert "sync_dir" in capsys.readouterr().err
    assert main(["--data-dir", homes[0], "srs", "set", "sync_dir", str(shared)]) == 0
    for home in (homes[0], homes[1], homes[0]):
        args = [] if home == homes[0] else [str(shared)]
        assert main(["--data-dir", home, "sync", *args]) == 0
    capsys.readouterr()
    outputs = []
    for home in homes:
        assert main(["--data-dir", home, "stats", "--json"]) == 0
        stats = json.loads(capsys.readouterr().out)
        stats.pop("next_due")  # with new cards left, "now": the moment each command ran
        outputs.append(stats)
    assert outputs[0] == outputs[1] and outputs[0]["reviews_30d"] == 18


def test_plain_review_syncs_at_start_and_end_and_survives_a_failure(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    import io

    monkeypatch.setenv("EXOTERM_HOME", str(tmp_path / "home"))
    shared = tmp_path / "shared"
    shared.mkdir()
    assert main(["srs", "set", "sync_dir", str(shared)]) == 0
    for _ in range(2):
        monkeypatch.setattr("sys.stdin", io.StringIO("1\n" * 10))
        assert main(["--lang", "en", "review", "--plain", "--limit", "3"]) == 0
        captured = capsys.readouterr()
        assert "Done:" in captured.out and "Synced with" not in captured.out
        assert captured.err.count("Synced with") == 2
    segments = sorted(shared.glob("*/seg-*.jsonl"))
    assert len(segments) == 2  # one per session end; the starts had nothing new
    assert main(["srs", "set", "sync_dir", str(tmp_path / "gone")]) == 0
    capsys.readouterr()
    db = tmp_path / "home" / "progress.sqlite3"
    with Store.open(db, daily_backup=False) as store:
        before = len(review_log(store))
    monkeypatch.setattr("sys.stdin", io.StringIO("1\n" * 10))
    assert main(["--lang", "en", "review", "--plain", "--limit", "3"]) == 0
    captured = capsys.readouterr()
    assert captured.err.count("Sync failed") == 2 and "Done:" in captured.out
    with Store.open(db, daily_backup=False) as store:
        assert len(review_log(store)) > before  # the answers are saved all the same


def test_progress_export_keeps_event_ids_so_sync_never_counts_twice(
        tmp_path: Path, clock: FixedClock) -> None:
    import io

    from exoterm.core.store.transfer import export_progress, import_progress

    shared = tmp_path / "shared"
    shared.mkdir()
    a, b = device(tmp_path, "a", clock), device(tmp_path, "b", clock)
    for card in cards(a)[:3]:
        clock.advance(timedelta(minutes=1))
        a.answer(card, Rating.Good)
    out = io.StringIO()
    export_progress(a, out)
    assert import_progress(b, out.getvalue().splitlines()).reviews_added == 3
    for store in (a, b, a):
        sync(store, shared)
    assert len(review_log(a)) == len(review_log(b)) == 3
