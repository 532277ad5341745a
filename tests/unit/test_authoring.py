"""Trainers' authoring (issue 16): Japanese-only decks, decks in several files, `--merge`,
quiz items from a spreadsheet, per-item strict grading, and the Moodle/CSV export mends."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest

from exoterm.cli import main
from exoterm.core.content import load_content
from exoterm.core.content.models import ClozeBody, Deck, MultiBody, SingleBody, TrueFalseBody, TypedBody
from exoterm.core.exports.gift import deck_to_gift
from exoterm.core.exports.moodle_xml import deck_to_moodle_xml
from exoterm.core.quiz.judge import judge
from exoterm.core.quiz.present import item_question
from exoterm.core.quiz.queueing import SessionFilter
from exoterm.core.srs.cards import list_cards

DATA = Path(__file__).resolve().parents[1] / "data"
JA_ONLY, GOOD, BAD = DATA / "ja-only", DATA / "good", DATA / "bad"


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EXOTERM_HOME", str(tmp_path / "home"))


@pytest.fixture(scope="module")
def ja_deck() -> Deck:
    return load_content([JA_ONLY])


def _copy(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest)
    return dest


# -- Japanese-only decks ------------------------------------------------------------------

def test_japanese_only_deck_validates_with_warnings_only(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--no-readings", str(JA_ONLY)]) == 0
    out = capsys.readouterr().out
    assert "no English" in out and all(": warning: " in line for line in out.splitlines())
    assert len(out.splitlines()) == 3, "one warning per file, not one per text"
    assert main(["validate", "--strict", "--no-readings", str(JA_ONLY)]) == 1


def test_english_falls_back_to_japanese_in_questions(ja_deck: Deck) -> None:
    single = ja_deck.item_by_id["q-case"]
    assert isinstance(single.body, SingleBody)
    q = item_question(ja_deck, single, "en", seed=1)
    assert q.prompt == single.prompt.ja and {o.text for o in q.options} == {c.ja for c in single.body.choices}
    typed = item_question(ja_deck, ja_deck.item_by_id["q-recap"], "en", seed=1)
    assert typed.answer_lang == "ja" and typed.key.texts[0][0] == "リキャップ"
    assert judge(typed, "りきゃっぷ").verdict == "right", "the reading counts, as for a Japanese answer"
    cloze = item_question(ja_deck, ja_deck.item_by_id["q-cloze"], "en", seed=1)
    assert cloze.text and "処置" in cloze.text


def test_terms_without_english_get_no_english_cards(ja_deck: Deck) -> None:
    directions = {c.direction for c in list_cards(ja_deck, ("ja>en", "en>ja", "def>term", "reading"))
                  if c.kind == "term"}
    assert directions == {"def>term", "reading"}
    with_en = replace(ja_deck, terms=(replace(ja_deck.terms[0], en="hand hygiene"),))
    assert {c.direction for c in list_cards(with_en, ("ja>en",)) if c.kind == "term"} == {"ja>en"}


def test_tags_in_any_script_and_case_questions_inherit_the_section(ja_deck: Deck) -> None:
    assert ja_deck.item_by_id["q-recap"].tags == ("針刺し", "感染対策")
    cards = {c.content_id: c for c in list_cards(ja_deck, ()) if c.kind == "item"}
    tagged = {i for i, c in cards.items() if SessionFilter(tags=("感染対策",)).matches(ja_deck, c)}
    assert tagged == {"q-recap", "q-tf"}
    assert ja_deck.item_by_id["q-case"].section == "状況設定"
    chosen = {i for i, c in cards.items() if SessionFilter(sections=("状況設定",)).matches(ja_deck, c)}
    assert chosen == {"q-case"}


def test_exports_of_a_japanese_only_deck_have_no_empty_english(ja_deck: Deck) -> None:
    gift, skipped = deck_to_gift(ja_deck, "en")
    assert skipped == 0 and "使用後の注射針" in gift
    both = deck_to_gift(ja_deck, "both")[0]
    assert "\\n\\n" not in both.replace("\\n\\n" + "使用後", "")  # no empty English line after a text
    xml = deck_to_moodle_xml(ja_deck, "both")
    assert "<br><br>" not in xml.split("</questiontext>")[-1] and ET.fromstring(xml.encode())


# -- a deck in several files ----------------------------------------------------------------

def _split_deck(folder: Path) -> Path:
    _copy(JA_ONLY, folder)
    text = (folder / "quiz.yaml").read_text("utf-8")
    head, tail = text.split("  - id: q-cloze\n")
    (folder / "quiz.yaml").write_text(head, "utf-8")
    (folder / "quiz-week2.yaml").write_text("items:\n  - id: q-cloze\n" + tail, "utf-8")
    (folder / "notes.yaml").write_text("memo: 来週の予定\n", "utf-8")
    return folder


def test_every_glossary_and_quiz_file_of_a_folder_is_loaded(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _split_deck(tmp_path / "deck")
    deck = load_content([folder], cache_dir=tmp_path / "cache")
    assert [i.id for i in deck.items] == ["q-recap", "q-case", "q-cloze", "q-tf"]
    assert main(["validate", "--no-readings", str(folder)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"notes\.yaml:1:1: warning: not loaded", out)
    assert out.count("not loaded") == 1, "quiz-week2.yaml and glossary.yaml are loaded"


def test_the_cache_is_keyed_on_every_file(tmp_path: Path) -> None:
    folder = _split_deck(tmp_path / "deck")
    first = load_content([folder], cache_dir=tmp_path / "cache")
    week2 = folder / "quiz-week2.yaml"
    week2.write_text(week2.read_text("utf-8").replace("空欄を埋めよ。", "空欄に入る語を書け。"), "utf-8")
    again = load_content([folder], cache_dir=tmp_path / "cache")
    assert again.version != first.version
    assert again.item_by_id["q-cloze"].prompt.ja == "空欄に入る語を書け。"


def test_duplicate_ids_across_files_name_both_places(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--no-readings", str(BAD / "split-dup")]) == 2
    [error] = [line for line in capsys.readouterr().out.splitlines() if ": warning: " not in line]
    assert re.search(r"glossary-more\.yaml:3:9: duplicate term id 'extracellular-vesicle' "
                     r"\(first at .*split-dup/glossary\.yaml:6:9\)", error), error


def test_a_file_that_does_not_parse_hides_only_references_into_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _copy(JA_ONLY, tmp_path / "deck")
    glossary = folder / "glossary.yaml"
    glossary.write_text(glossary.read_text("utf-8").replace("    ja: 手指衛生", "\tja: 手指衛生"), "utf-8")
    quiz = folder / "quiz.yaml"
    quiz.write_text(quiz.read_text("utf-8").replace("{id: kansen-text, section: 標準予防策}",
                                                    "{id: kansen-txt, section: 標準予防策}", 1), "utf-8")
    assert main(["validate", "--no-readings", str(folder)]) == 2
    errors = [line for line in capsys.readouterr().out.splitlines() if ": warning: " not in line]
    assert len(errors) == 2, errors  # the tab, and the bad source id (sources.yaml did parse)
    assert "a tab" in errors[0] and "unknown source id 'kansen-txt'" in errors[1]


# -- strict grading ---------------------------------------------------------------------------

def test_strict_typed_item_has_no_near_misses(ja_deck: Deck) -> None:
    item = ja_deck.item_by_id["q-recap"]
    assert isinstance(item.body, TypedBody) and item.body.strict
    strict = item_question(ja_deck, item, "ja", seed=1)
    assert judge(strict, "リキャプ").verdict == "wrong"
    assert judge(strict, "リキャップ").verdict == "right"
    lenient = replace(item, body=replace(item.body, strict=False))
    assert judge(item_question(ja_deck, lenient, "ja", seed=1), "リキャプ").verdict == "almost"


# -- import: --merge, Japanese-only term lists, quiz items ------------------------------------

def _run_import(folder: Path, name: str, text: str, *args: str, lang: str = "ja") -> int:
    (folder / name).write_text(text, "utf-8")
    out = "quiz.yaml" if "type" in text.split("\n", 1)[0] else "glossary.yaml"
    return main(["--lang", lang, "import", "--standalone", str(folder / name), "-o", str(folder / out), *args])


def test_japanese_only_term_list_imports(tmp_path: Path) -> None:
    folder = tmp_path / "deck"
    folder.mkdir()
    shutil.copy(JA_ONLY / "sources.yaml", folder)
    csv_text = ("見出し語,読み,定義,カテゴリ,カテゴリ名,出典,根拠\n"
                "手指衛生,しゅしえいせい,手の微生物を減らすこと。,hyojun,標準予防策,kansen-text|標準予防策,established\n"
                "針刺し,はりさし,針が皮膚に刺さる事故。,hyojun,標準予防策,kansen-text|針刺し防止,established\n")
    assert _run_import(folder, "terms.csv", csv_text) == 0
    deck = load_content([folder])
    assert [t.id for t in deck.terms] == ["shushieisei", "harisashi"]
    assert deck.terms[0].en == "" and deck.category_by_id["hyojun"].label.ja == "標準予防策"


def test_merge_adds_and_updates_by_id_and_keeps_the_rest(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _copy(JA_ONLY, tmp_path / "deck")
    before = load_content([folder])
    csv_text = ("id,ja,reading,category,definition_ja,sources,evidence\n"
                "recap,リキャップ,りきゃっぷ,hyojun,使用後の針にキャップを戻すこと。禁止。,kansen-text|針刺し防止,established\n"
                "sharps,鋭利器材,えいりきざい,hyojun,針やメスなど。,kansen-text|針刺し防止,established\n")
    assert _run_import(folder, "terms.csv", csv_text) == 2, "an existing file needs --merge or --force"
    capsys.readouterr()
    assert _run_import(folder, "terms.csv", csv_text, "--merge", lang="en") == 0
    err = capsys.readouterr().err
    assert "added 1, updated 1, kept 1" in err and "+ sharps" in err and "~ recap" in err
    after = load_content([folder])
    assert [t.id for t in after.terms] == ["shushi-eisei", "recap", "sharps"]
    assert after.term_by_id["shushi-eisei"] == before.term_by_id["shushi-eisei"]
    assert after.term_by_id["recap"].definition.ja.endswith("禁止。")
    assert after.items == before.items, "the quiz still finds every term it refers to"


ITEMS_CSV = (
    "id,type,prompt_ja,choice_a,choice_b,choice_c,choice_d,answer,answer_en,accept_ja,strict,"
    "text_ja,left_ja,right_ja,explanation_ja,tags,sources,evidence\n"
    "s1,single,正しいのはどれか。,A,B,C,D,b,,,,,,,Bが正しい。,感染対策,kansen-text|標準予防策,established\n"
    "m1,multi,2つ選べ。,A,B,C,D,a; c,,,,,,,AとC。,,kansen-text|標準予防策,established\n"
    "t1,truefalse,手袋で十分である。,,,,,×,,,,,,,不十分。,,kansen-text|標準予防策,established\n"
    "y1,typed,針に戻す行為は？,,,,,リキャップ,recapping,リキャップする,true,,,,禁止。,,kansen-text|針刺し防止,established\n"
    "c1,cloze,空欄を埋めよ。,,,,,,,,,前後に[[手指衛生]]を行う。,,,基本。,,kansen-text|標準予防策,established\n"
    "p1,matching,組み合わせよ。,,,,,,,,,,赤; 黄; 黒,感染性; 鋭利; 一般,色分け。,,kansen-text|標準予防策,established\n"
)


def test_quiz_items_import_from_a_spreadsheet(tmp_path: Path) -> None:
    folder = tmp_path / "deck"
    folder.mkdir()
    for name in ("sources.yaml", "glossary.yaml"):
        shutil.copy(JA_ONLY / name, folder)
    assert _run_import(folder, "items.csv", ITEMS_CSV) == 0
    deck = load_content([folder])
    assert [i.type for i in deck.items] == ["single", "multi", "truefalse", "typed", "cloze", "matching"]
    multi, tf, typed = (deck.item_by_id[i].body for i in ("m1", "t1", "y1"))
    assert isinstance(multi, MultiBody) and multi.answers == ("a", "c") and multi.select == 2
    assert isinstance(tf, TrueFalseBody) and tf.answer is False
    assert isinstance(typed, TypedBody) and typed.strict and typed.answer.en == "recapping"
    assert isinstance(deck.item_by_id["c1"].body, ClozeBody)
    assert deck.item_by_id["s1"].tags == ("感染対策",)


def test_item_csv_answer_given_as_a_number_names_the_choice(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _copy(JA_ONLY, tmp_path / "deck")
    bad = ITEMS_CSV.split("\n")[0] + "\n" + ITEMS_CSV.split("\n")[1].replace(",b,", ",4,") + "\n"
    assert _run_import(folder, "items.csv", bad, "--merge") == 2
    out = capsys.readouterr().out
    assert re.search(r"items\.csv:2:8: answer is a choice id, not a number; did you mean `d` "
                     r"\(the 4th choice\)\?", out), out


def test_item_csv_export_imports_back_unchanged(tmp_path: Path) -> None:
    folder = _copy(GOOD, tmp_path / "deck")
    assert main(["export", "-f", "csv", "--what", "items", str(GOOD), "-o", str(folder / "items.csv")]) == 0
    assert main(["import", "--standalone", "--merge", str(folder / "items.csv"),
                 "-o", str(folder / "quiz.yaml")]) == 0
    assert load_content([folder]).items == load_content([GOOD]).items


# -- exports -----------------------------------------------------------------------------------

def test_moodle_both_languages_asks_each_blank_once() -> None:
    deck = load_content([GOOD])
    xml = ET.fromstring(deck_to_moodle_xml(deck, "both").encode())
    for q in xml.iter("question"):
        if q.get("type") != "cloze":
            continue
        text = q.findtext("questiontext/text") or ""
        name = q.findtext("name/text") or ""
        body = deck.item_by_id[name].body
        assert isinstance(body, ClozeBody)
        blanks = re.findall(r"\{1:SHORTANSWER:([^}]*)\}", text)
        assert len(blanks) == body.text.ja.count("[["), text
        for blank, en in zip(blanks, re.findall(r"\[\[([^|\]]+)", body.text.en), strict=True):
            assert f"={en}" in blank, "the English answer counts in the one blank"


def test_category_option_names_the_moodle_category(tmp_path: Path) -> None:
    for fmt in ("gift", "moodle-xml"):
        out = tmp_path / f"q.{fmt}"
        assert main(["export", "-f", fmt, "--category", "看護学科/感染管理", str(GOOD), "-o", str(out)]) == 0
        text = out.read_text("utf-8")
        assert "$course$/看護学科/感染管理/" in text and "$course$/exoterm/" not in text


def test_csv_exports_open_as_utf8_in_excel(tmp_path: Path) -> None:
    out = tmp_path / "terms.csv"
    assert main(["export", "-f", "csv", str(GOOD), "-o", str(out)]) == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data[3:].decode("utf-8").startswith("id,")
    assert main(["export", "-f", "csv", "--no-bom", str(GOOD), "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"id,")
