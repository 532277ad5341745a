"""Issue 14: the commands speak the chosen language. Each command changed to print through
the text table runs with `--lang ja` and `--lang en`; with the content's own texts taken
out, the Japanese output has no English sentence and the English output no Japanese."""

from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path

import pytest

from exoterm.cli import main
from exoterm.core.config import Config
from exoterm.core.content import load_configured

# three or more plain words in a row, spaces between (ids, paths, options, numbers and
# comma-separated lists of ids are not plain words in a row)
WORD = r"[A-Za-z]{2,}(?![\w\-/.:>\[])"
ENGLISH_RUN = re.compile(rf"(?<![\w\-/.:<\[]){WORD}(?:[ \t]+{WORD}){{2,}}")
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff01-\uff5e\u3000-\u303f]+")
# the exam sections keep their Japanese name in brackets by design: "Essential (必修)"
SECTION_NAMES = ("必修", "一般", "状況設定")
CSV = "id,ja,reading,en,definition_ja,definition_en,category\n" \
      "t-one,小胞,しょうほう,vesicle,小さな袋。,A small sac.,new-things\n"


def content_texts(value: object, seen: set[int] | None = None) -> set[str]:
    """Every string inside the deck (terms, items, sources, categories, …)."""
    seen = set() if seen is None else seen
    if isinstance(value, str):
        return {value}
    if id(value) in seen:
        return set()
    seen.add(id(value))
    out: set[str] = set()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            out |= content_texts(getattr(value, field.name), seen)
    elif isinstance(value, dict):
        for k, v in value.items():
            out |= content_texts(k, seen) | content_texts(v, seen)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for v in value:
            out |= content_texts(v, seen)
    return out


def without_content(text: str, texts: set[str]) -> str:
    """`text` with the content's strings blanked out (short ASCII ones such as ids or "ja"
    stay: they could hide a message's words)."""
    kept = (t for t in texts if len(t) >= 4 or (len(t) > 1 and not t.isascii()))
    for t in sorted(kept, key=len, reverse=True):
        text = text.replace(t, "\x00")
    return text


def run(capsys: pytest.CaptureFixture[str], lang: str, *argv: str, stdin: str = "") -> str:
    """Output and errors of `exoterm --lang LANG ARGV` (a piped `stdin`)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("sys.stdin", io.StringIO(stdin))
        main(["--lang", lang, *argv])
    captured = capsys.readouterr()
    return captured.out + captured.err


def session(capsys: pytest.CaptureFixture[str], tmp_path: Path, lang: str) -> dict[str, str]:
    """Each changed command's output in `lang`, keyed by what was run."""
    out: dict[str, str] = {}
    exam = ("exam", "--plain", "--questions", "3", "--seed", "3")
    out["exam"] = run(capsys, lang, *exam, stdin="1\n/f\n/l\n/g 9\n/end\n")
    out["exam paused"] = run(capsys, lang, *exam, stdin="q\n")
    out["exam error"] = run(capsys, lang, "exam", "--plain", "--tag", "no-such-tag")
    results = tmp_path / f"results-{lang}.jsonl"
    out["results export"] = run(capsys, lang, "results", "export", "-o", str(results))
    out["analyze"] = (run(capsys, lang, "analyze", str(results), str(results))
                      + run(capsys, lang, "analyze")
                      + run(capsys, lang, "analyze", str(results), "--since", "2026-04-01"))
    out["srs show"] = run(capsys, lang, "srs", "show")
    out["srs errors"] = (run(capsys, lang, "srs", "set", "nonsense", "1")
                         + run(capsys, lang, "srs", "set", "desired_retention", "1.5")
                         + run(capsys, lang, "srs", "set", "learning_steps", "10m", "1m")
                         + run(capsys, lang, "srs", "reset", "term:nope:ja>en"))
    out["bookmarks"] = (run(capsys, lang, "bookmarks")
                        + run(capsys, lang, "bookmarks", "add")
                        + run(capsys, lang, "bookmarks", "add", "item:nope"))
    deck_dir = tmp_path / f"deck-{lang}"
    out["init"] = (run(capsys, lang, "init", str(deck_dir))
                   + run(capsys, lang, "init", str(deck_dir))
                   + run(capsys, lang, "init", str(tmp_path / "x"), "--id", "Bad Id"))
    out["export"] = (run(capsys, lang, "export", "--format", "apkg", "-o",
                         str(tmp_path / f"{lang}.apkg"))
                     + run(capsys, lang, "export", "--format", "apkg"))
    csv = tmp_path / f"terms-{lang}.csv"
    csv.write_text(CSV, "utf-8")
    glossary = tmp_path / f"import-{lang}" / "glossary.yaml"
    glossary.parent.mkdir()
    imp = ("import", str(csv), "-o", str(glossary), "--source", "medicalnote-2024",
           "--section", "概要", "--evidence", "research")
    out["import"] = run(capsys, lang, *imp)
    assert glossary.exists(), out["import"]
    csv.write_text(CSV.replace("A small sac.", "A small sac made by cells."), "utf-8")
    out["import"] += run(capsys, lang, *imp) + run(capsys, lang, *imp, "--merge")
    out["optimize"] = run(capsys, lang, "optimize", "--dry-run")
    return out


@pytest.fixture()
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> set[str]:
    monkeypatch.setenv("EXOTERM_HOME", str(tmp_path / "home"))
    config = Config.build(environ={"EXOTERM_HOME": str(tmp_path / "home")})
    return content_texts(load_configured(config)) | {"vesicle", "A small sac."}


def test_japanese_output_has_no_english_sentence(content: set[str], tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    outputs = session(capsys, tmp_path, "ja")
    assert "提出しました" in outputs["exam"] and "学習者 1 人" in outputs["analyze"]
    for what, text in outputs.items():
        assert text.strip(), what
        english = ENGLISH_RUN.findall(without_content(text, content))
        assert not english, (what, english)


def test_english_output_has_no_japanese(content: set[str], tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    outputs = session(capsys, tmp_path, "en")
    assert "Handed in." in outputs["exam"] and "1 learners" in outputs["analyze"]
    for what, text in outputs.items():
        assert text.strip(), what
        japanese = [w for w in JAPANESE.findall(without_content(text, content))
                    if w not in SECTION_NAMES and w.strip("＿")]  # ＿: a cloze's blank
        assert not japanese, (what, japanese)


def test_the_english_run_pattern_catches_a_sentence_and_spares_ids() -> None:
    assert ENGLISH_RUN.findall("exoterm: 2 answered items are not in the content")
    assert not ENGLISH_RUN.findall("learning_steps = [1, 10] · term:exosome:ja>en · item c-d-e")
