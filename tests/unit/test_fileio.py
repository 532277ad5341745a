"""Files are written whole or not at all, by one helper that every writer uses."""

from __future__ import annotations

import ast
import errno
import os
import shutil
import stat
import subprocess
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from cli_fixtures import seeded_home

from exoterm.cli import main
from exoterm.core import fileio
from exoterm.errors import ExotermError

ROOT = Path(__file__).resolve().parents[2]
OLD = "original content that must survive\n"
CSV = ("見出し語,読み,英語,定義,definition_en\n" + "".join(
    f"用語{i},ようご,term {i},定義{i}。,Definition {i} {'x' * 200}.\n" for i in range(200)))
CSV_OPTS = ["--category", "isolation", "--source", "my-lecture-notes", "--section", "s1",
            "--evidence", "established", "--standalone", "--force"]


def fail_after(limit: int) -> Callable[[int, bytes], int]:
    """An os.write that fills the disk after `limit` bytes (short writes, then ENOSPC)."""
    written = 0

    def write(fd: int, data: bytes) -> int:
        nonlocal written
        room = limit - written
        if room <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        n = os.write(fd, bytes(data)[: min(room, 4096)])
        written += n
        return n
    return write


def leftovers(folder: Path, keep: set[str]) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


# The helper itself -------------------------------------------------------------------
@pytest.mark.parametrize("limit", [0, 1, 4095, 4096, 10_000])
def test_enospc_at_any_write_keeps_the_original(tmp_path: Path, limit: int,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "file.txt"
    target.write_text(OLD)
    monkeypatch.setattr(fileio, "_os_write", fail_after(limit))
    with pytest.raises(fileio.WriteError, match="No space left"):
        fileio.write_file(target, "new " * 5000)
    assert target.read_text() == OLD
    assert leftovers(tmp_path, {"file.txt"}) == []


def test_a_new_file_gets_the_usual_mode_and_an_old_one_keeps_its_own(tmp_path: Path) -> None:
    fileio.write_file(tmp_path / "new.txt", "x")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o666 & ~umask
    old = tmp_path / "old.txt"
    old.write_text(OLD)
    old.chmod(0o600)
    fileio.write_file(old, b"bytes")
    assert old.read_bytes() == b"bytes" and stat.S_IMODE(old.stat().st_mode) == 0o600


def test_an_exception_inside_a_stream_keeps_the_original(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    target.write_text(OLD)
    with pytest.raises(KeyboardInterrupt), fileio.open_output(target) as out:
        out.write("half")
        raise KeyboardInterrupt
    assert target.read_text() == OLD and leftovers(tmp_path, {"out.jsonl"}) == []


def test_a_symlink_is_followed_not_replaced(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text(OLD)
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    fileio.write_file(link, "new")
    assert link.is_symlink() and real.read_text() == "new"


def test_a_fifo_is_streamed_into_and_stays_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    fileio.write_file(fifo, "through the pipe\n")
    reader.join(timeout=30)
    assert got == [b"through the pipe\n"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_dev_full_fails_and_stays_a_device() -> None:
    with pytest.raises(fileio.WriteError, match="No space left"):
        fileio.write_file("/dev/full", b"x" * 100_000)
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_dash_is_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    fileio.write_file("-", "to stdout\n")
    assert capsys.readouterr().out == "to stdout\n"


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(fileio.WriteError, match="is a folder"):
        fileio.write_file(tmp_path, "x")


# Every command that writes a file ----------------------------------------------------
@pytest.fixture()
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return seeded_home(tmp_path, monkeypatch, n_terms=5, response="x")


def _import(out: Path) -> int:
    src = out.parent / "terms.csv"
    src.write_text(CSV, encoding="utf-8")
    shutil.copy(ROOT / "exoterm" / "starter" / "sources.yaml", out.parent / "sources.yaml")
    return main(["import", str(src), "-o", str(out), *CSV_OPTS])


WRITERS: dict[str, Callable[[Path], int]] = {
    "import --force": _import,
    "results export -o": lambda out: main(["results", "export", "-o", str(out)]),
    "export -o": lambda out: main(["export", "--format", "json", "-o", str(out)]),
    "progress export -o": lambda out: main(["progress", "export", "-o", str(out)]),
}


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_every_writer_keeps_the_original_on_a_full_disk(
        name: str, home: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    folder = home / "out"
    folder.mkdir()
    target = folder / "glossary.yaml"
    target.write_text(OLD)
    before = {"glossary.yaml", "terms.csv", "sources.yaml"}
    monkeypatch.setattr(fileio, "_os_write", fail_after(64))
    assert WRITERS[name](target) == 2
    err = capsys.readouterr().err
    assert "No space left on device" in err and err.count("\n") == 1, err
    assert target.read_text() == OLD
    assert leftovers(folder, before) == []


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_every_writer_streams_into_a_fifo(name: str, home: Path) -> None:
    folder = home / "out"
    folder.mkdir()
    fifo = folder / "glossary.yaml"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    assert WRITERS[name](fifo) == 0
    reader.join(timeout=60)
    assert got and len(got[0]) > 10 and stat.S_ISFIFO(fifo.stat().st_mode)


def test_backup_on_a_full_disk_leaves_nothing(home: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(fileio, "_os_write", fail_after(4096))
    assert main(["backup"]) == 2
    assert "No space left" in capsys.readouterr().err
    folder = home / "home"
    junk = [p.name for p in folder.rglob("*") if "partial" in p.name or p.suffix == ".tmp"]
    assert junk == [] and not any((folder / "data" / "backups").glob("*")) \
        if (folder / "data" / "backups").exists() else junk == []


def test_a_backup_is_one_self_contained_file(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "en", "backup"]) == 0
    path = Path(capsys.readouterr().out.split("backed up to ", 1)[1].strip())
    assert path.read_bytes()[18:20] == b"\x01\x01"  # rollback journal: no -wal/-shm
    assert main(["restore", str(path)]) == 0
    assert sorted(p.name for p in path.parent.iterdir() if not p.name.endswith(".sqlite3")) == []


def test_init_on_a_full_disk_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(fileio, "_os_write", fail_after(100))
    assert main(["init", str(tmp_path / "deck")]) == 2
    assert "No space left" in capsys.readouterr().err
    assert not [p for p in (tmp_path / "deck").rglob("*.tmp")]


@pytest.mark.parametrize("existed", [False, True], ids=["new folder", "empty folder"])
@pytest.mark.parametrize("limit", [100, 30_000])  # the first file, or a later one
def test_init_on_a_full_disk_leaves_no_half_made_deck(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        limit: int, existed: bool) -> None:
    """A full disk left the schema folder (and the files written before it filled) behind,
    and a retry then said the folder was not empty."""
    monkeypatch.setenv("EXOTERM_HOME", str(tmp_path / "home"))
    deck = tmp_path / "deck"
    if existed:
        deck.mkdir()
    monkeypatch.setattr(fileio, "_os_write", fail_after(limit))
    assert main(["init", str(deck)]) == 2
    assert "No space left" in capsys.readouterr().err
    assert (sorted(deck.iterdir()) == [] if existed else not deck.exists())
    monkeypatch.undo()
    assert main(["init", str(deck)]) == 0
    assert (deck / "glossary.yaml").is_file()


# A real small disk -------------------------------------------------------------------
@pytest.fixture()
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 64 KiB tmpfs (needs root and a kernel that allows it; skipped otherwise)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)],
                          capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_import_force_on_a_really_full_disk(small_disk: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("EXOTERM_HOME", str(tmp_path / "home"))
    target = small_disk / "glossary.yaml"
    target.write_text(OLD)
    src = tmp_path / "terms.csv"
    src.write_text(CSV * 1, encoding="utf-8")
    shutil.copy(ROOT / "exoterm" / "starter" / "sources.yaml", small_disk / "sources.yaml")
    code = main(["import", str(src), "-o", str(target), *CSV_OPTS])
    assert code == 2 and "No space left on device" in capsys.readouterr().err
    assert target.read_text() == OLD
    assert sorted(p.name for p in small_disk.iterdir()) == ["glossary.yaml", "sources.yaml"]


# Nothing writes a file except through the helper ------------------------------------
_WRITE_METHODS = {"write_text", "write_bytes", "mkstemp", "mkdtemp", "NamedTemporaryFile",
                  "copy", "copy2", "copyfile", "copyfileobj", "fdopen", "copytree",
                  "TemporaryDirectory", "TemporaryFile", "SpooledTemporaryFile", "touch",
                  "write_to_file", "ZipFile", "mkfifo", "symlink_to", "hardlink_to"}
# module functions that write, rename or truncate a file (str.replace is no writer)
_WRITE_FUNCTIONS = {("os", "replace"), ("os", "rename"), ("os", "renames"), ("os", "link"),
                    ("os", "symlink"), ("os", "truncate"), ("os", "ftruncate"), ("os", "write"),
                    ("shutil", "move")}


def _writes(call: ast.Call) -> bool:
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    owner = func.value.id if isinstance(func, ast.Attribute) \
        and isinstance(func.value, ast.Name) else ""
    if name in _WRITE_METHODS or (owner, name) in _WRITE_FUNCTIONS:
        return True
    if name == "open":
        # open(path, mode) and os/io/gzip.open(path, mode), but path.open(mode)
        method = isinstance(func, ast.Attribute) and owner not in ("os", "io", "codecs", "gzip",
                                                                     "bz2", "lzma", "tarfile")
        modes = [a for a in call.args[0 if method else 1:][:1]] \
            + [k.value for k in call.keywords if k.arg == "mode"]
        for mode in modes:
            if isinstance(mode, ast.Constant) and isinstance(mode.value, str) \
                    and set(mode.value) & set("wax+"):
                return True
        if owner == "os":
            return "O_WRONLY" in ast.unparse(call) or "O_CREAT" in ast.unparse(call)
    return False


def file_writers() -> list[str]:
    """Every place in exoterm/ that writes a file by itself."""
    found = []
    for path in sorted((ROOT / "exoterm").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and _writes(node):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)[:60]}")
    return found


# Not files the learner asked for, each reviewed: (file, the call)
ALLOWED = (
    # stdout pointed at /dev/null after a broken pipe, stderr when it was closed
    ("exoterm/cli.py", "os.open(os.devnull"), ("exoterm/output.py", "open(os.devnull"),
    # an .apkg is built by genanki in a private temporary folder, then written by the helper
    ("exoterm/commands/export.py", "tempfile.TemporaryDirectory()"),
    ("exoterm/core/exports/apkg.py", "zipfile.ZipFile(path, "),
    # an unreadable database moved aside (renamed, nothing written)
    ("exoterm/core/store/backup.py", "os.replace(src, "),
)


def _allowed(writer: str) -> bool:
    return writer.startswith("exoterm/core/fileio.py:") or any(
        writer.startswith(f"{path}:") and call in writer for path, call in ALLOWED)


def test_only_the_helper_writes_files() -> None:
    writers = [w for w in file_writers() if not _allowed(w)]
    assert writers == []


def test_the_writer_scan_finds_writers() -> None:
    found = ("p.write_text('x')\nopen(p, 'wb')\nshutil.copy(a, b)\np.open('w')\n"
             "p.open(mode='a')\nos.replace(a, b)\nos.rename(a, b)\nshutil.move(a, b)\n"
             "tempfile.TemporaryDirectory()\npkg.write_to_file(p)\nzipfile.ZipFile(p, 'w')\n"
             "io.open(p, 'w')\nos.open(p, os.O_WRONLY)\n")
    not_found = "open(p)\np.open()\np.open('rb')\ntext.replace('a', 'b')\nos.open(p, os.O_RDONLY)\n"
    tree = ast.parse(found + not_found)
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and _writes(n)]
    assert sorted(n.lineno for n in calls) == list(range(1, found.count("\n") + 1))


def test_the_allowed_writers_are_still_there() -> None:
    """An exception nobody needs any more is taken out of ALLOWED."""
    writers = file_writers()
    for path, call in ALLOWED:
        assert any(w.startswith(f"{path}:") and call in w for w in writers), (path, call)


def test_commands_report_write_errors_in_one_line() -> None:
    assert issubclass(fileio.WriteError, ExotermError)
