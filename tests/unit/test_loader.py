"""The content loader on the good deck and on inline snippets, and `exoterm validate` exit codes.

File-level rejections live in the bad-file corpus (test_bad_corpus.py); here are the
cases better written inline: the good deck's models, warnings, exit codes, and the
loader fixes the corpus led to (each with the position it must report).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from exoterm.cli import main
from exoterm.core.content import load_deck, yamlnodes
from exoterm.core.content.loader import LoadResult
from exoterm.core.content.models import (
    ClozeBody,
    MatchingBody,
    MultiBody,
    SingleBody,
    TrueFalseBody,
    TypedBody,
)

GOOD = Path(__file__).resolve().parents[1] / "data" / "good"
FILES = ("sources.yaml", "glossary.yaml", "quiz.yaml")

TERM = """\
terms:
  - id: test-term
    ja: 細胞外小胞
    reading: さいぼうがいしょうほう
    en: extracellular vesicle
    category: vesicle
    definition: {ja: 小さな粒子。, en: Small particles.}
    sources:
      - {id: medicalnote-2024, section: 概要}
    evidence: established
"""


def good_copy(tmp_path: Path, **edits: tuple[str, str]) -> Path:
    """The good deck copied to tmp_path/deck; `quiz=(old, new)` replaces text in quiz.yaml."""
    folder = tmp_path / "deck"
    shutil.copytree(GOOD, folder)
    for stem, (old, new) in edits.items():
        path = folder / f"{stem}.yaml"
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} not once in {path.name}"
        path.write_text(text.replace(old, new), encoding="utf-8")
    return folder


def load_dir(folder: Path) -> LoadResult:
    return load_deck([folder / name for name in FILES])


def load_one(tmp_path: Path, name: str, text: str | bytes) -> LoadResult:
    """One file checked against the good deck (as `exoterm validate FILE` would)."""
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    context = [GOOD / n for n in FILES if n != name]
    return load_deck([path], context=context)


def errors(result: LoadResult) -> list[str]:
    """`line:col: message` of each error (path left out)."""
    return [f"{d.pos.line}:{d.pos.col}: {d.message}" for d in result.errors]


def validate(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["validate", "--no-readings", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


# -- the good deck -----------------------------------------------------------------------


def test_good_deck_loads_without_diagnostics() -> None:
    result = load_dir(GOOD)
    assert result.diagnostics == []
    deck = result.deck
    assert deck is not None
    assert [s.id for s in deck.sources] == ["medicalnote-2024"]
    assert [c.id for c in deck.categories] == ["vesicle", "cargo"]
    assert [t.id for t in deck.terms] == ["extracellular-vesicle", "exosome", "microrna"]
    assert [c.id for c in deck.cases] == ["clinic-drip"]
    assert deck.term_by_id["extracellular-vesicle"].abbr == ("EV",)
    assert deck.term_by_id["extracellular-vesicle"].aliases.en == ("EVs",)
    assert deck.term_by_id["exosome"].note is not None
    assert deck.version


def test_every_item_type_loads_into_its_body_class() -> None:
    deck = load_dir(GOOD).deck
    assert deck is not None
    bodies = {item.type: item.body for item in deck.items}
    assert set(bodies) == {"single", "multi", "truefalse", "typed", "cloze", "matching"}

    single = bodies["single"]
    assert isinstance(single, SingleBody)
    assert [c.id for c in single.choices] == ["a", "b", "c", "d"] and single.answer == "b"
    multi = bodies["multi"]
    assert isinstance(multi, MultiBody)
    assert multi.answers == ("a", "c") and multi.select == 2
    truefalse = bodies["truefalse"]
    assert isinstance(truefalse, TrueFalseBody) and truefalse.answer is False
    typed = bodies["typed"]
    assert isinstance(typed, TypedBody)
    assert typed.answer.en == "extracellular vesicle" and "EV" in typed.accept.en
    cloze = bodies["cloze"]
    assert isinstance(cloze, ClozeBody) and "[[" in cloze.text.ja and "[[" in cloze.text.en
    matching = bodies["matching"]
    assert isinstance(matching, MatchingBody) and len(matching.pairs) == 3

    tf_item = next(i for i in deck.items if i.type == "truefalse")
    assert tf_item.case == "clinic-drip" and tf_item.section == "状況設定"


def test_case_item_outside_the_situational_section_is_a_warning(tmp_path: Path) -> None:
    folder = good_copy(tmp_path, quiz=("    case: clinic-drip\n    section: 状況設定\n",
                                       "    case: clinic-drip\n    section: 必修\n"))
    result = load_dir(folder)
    assert result.errors == [] and result.deck is not None
    [warning] = result.warnings
    assert warning.severity == "warning"
    assert "belongs to case 'clinic-drip' but its section is 必修; use 状況設定" in warning.message
    line = (folder / "quiz.yaml").read_text(encoding="utf-8").splitlines()[warning.pos.line - 1]
    assert line[warning.pos.col - 1 :].startswith("clinic-drip")


# -- exit codes of `exoterm validate` ---------------------------------------------------------


def test_validate_exit_codes_on_the_good_folder_and_files(capsys: pytest.CaptureFixture[str]) -> None:
    assert validate(capsys, str(GOOD))[0] == 0
    code, out, _ = validate(capsys, "--strict", str(GOOD))  # a folder without a deck header:
    assert code == 1 and out.count(": warning: ") == 1 and "no deck header" in out  # its one warning
    for name in FILES:
        code, out, err = validate(capsys, "--strict", str(GOOD / name))
        assert (code, out) == (0, ""), err
        assert "1 file(s): 0 error(s), 0 warning(s)" in err


def test_validate_strict_turns_warnings_into_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = good_copy(tmp_path, quiz=("    section: 状況設定\n", "    section: 一般\n"))
    code, out, _ = validate(capsys, str(folder))
    assert code == 0 and ": warning: " in out
    assert validate(capsys, "--strict", str(folder))[0] == 1
    assert validate(capsys, "--strict", str(folder / "quiz.yaml"))[0] == 1
    assert validate(capsys, str(folder / "glossary.yaml"))[0] == 0


def test_validate_exit_2_on_errors_in_a_folder_or_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = good_copy(tmp_path, glossary=("category: cargo", "category: cargoes"))
    code, out, err = validate(capsys, str(folder))
    assert code == 2
    assert out.startswith(f"{folder / 'glossary.yaml'}:")
    assert "unknown category id 'cargoes' (did you mean 'cargo'?)" in out
    assert "3 file(s): 1 error(s)" in err
    assert validate(capsys, str(folder / "glossary.yaml"))[0] == 2
    assert validate(capsys, "--strict", str(folder / "glossary.yaml"))[0] == 2
    assert validate(capsys, str(folder / "quiz.yaml"))[0] == 0  # its references still resolve


def test_validate_missing_path_or_empty_folder_is_one_line_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = validate(capsys, str(tmp_path / "nope.yaml"))
    assert code == 2 and out == "" and err.strip().count("\n") == 0
    assert "no such file or folder" in err
    code, out, err = validate(capsys, str(tmp_path))
    assert code == 2 and "no sources.yaml, glossary.yaml, quiz.yaml in this folder" in err


# -- strict YAML: what the corpus made the loader do -----------------------------------------


def test_anchor_and_alias_are_two_errors_and_nothing_more(tmp_path: Path) -> None:
    text = TERM.replace("    definition: {", "    definition: &d {") + TERM.replace(
        "id: test-term", "id: test-term-2"
    ).replace("terms:\n", "").replace("    definition: {ja: 小さな粒子。, en: Small particles.}\n",
                                      "    definition: *d\n")
    assert errors(load_one(tmp_path, "glossary-x.yaml", text)) == [
        "7:17: anchors are not allowed (&d); write the value out",
        "16:17: aliases are not allowed (*d); write the value out",
    ]


def test_alias_to_an_unknown_anchor_is_one_error(tmp_path: Path) -> None:
    text = TERM.replace("    definition: {ja: 小さな粒子。, en: Small particles.}", "    definition: *nowhere")
    assert errors(load_one(tmp_path, "glossary-x.yaml", text)) == [
        "7:17: aliases are not allowed (*nowhere); write the value out"
    ]


MIXED_DEPTH = "".join("  " * i + "a:\n" for i in range(30)) + "  " * 30 + "b: " + "[" * 2000 + "]" * 2000 + "\n"


@pytest.mark.parametrize("parser", ["installed", "pure-python"])
@pytest.mark.parametrize(
    ("text", "where"),
    [
        pytest.param("terms: " + "[" * 20000 + "]" * 20000 + "\n", "1:71", id="flow-one-line"),
        pytest.param("terms: " + "{" * 3000 + "}" * 3000 + "\n", "1:71", id="flow-mappings"),
        pytest.param("terms: [\n" + "  [\n" * 3000 + "  ]\n" * 3001, "64:3", id="flow-many-lines"),
        pytest.param("terms:\n" + "- " * 3000 + "x\n", "2:127", id="block-sequences"),
        pytest.param(MIXED_DEPTH, "31:97", id="block-then-flow"),
    ],
)
def test_deep_nesting_is_one_error_where_it_passes_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parser: str, text: str, where: str
) -> None:
    # libyaml >= 0.2.6 (PyYAML >= 6.0.4) refuses nesting past its own limit, reading ahead
    # of our composer; older libyaml and pure-Python PyYAML have no limit. Whichever
    # parser reads the file, the error is ours, once, at the first node past 64 levels.
    if parser == "pure-python":
        monkeypatch.setattr(yamlnodes, "_Loader", yaml.SafeLoader)
    assert errors(load_one(tmp_path, "glossary-x.yaml", text)) == [
        f"{where}: YAML nested more than {yamlnodes.MAX_DEPTH} levels deep"
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('    en: "extracellular vesicle', '5:9: YAML syntax error: the text opened with " here is never closed'),
        ("    en: 'extracellular vesicle", "5:9: YAML syntax error: the text opened with ' here is never closed"),
        ("    en: {ja: a, en: b", "5:9: YAML syntax error: the { opened here is not closed with }"),
        ("    en: a: b", "5:10: YAML syntax error: unexpected ':'; quote a text that contains ': '"),
        ("\ten: extracellular vesicle", "5:1: YAML syntax error: a tab is used for indentation"),
        ("  en: extracellular vesicle", "5:3: YAML syntax error: did not find expected '-' indicator "
                                       "(check the indentation of this line)"),
        ("    en: extra\x07cellular", "5:14: control character U+0007 is not allowed in YAML; remove it"),
        ("    en: !!python/object:os.system x", "5:9: explicit tags are not allowed (!!python/object:os.system)"),
    ],
)
def test_syntax_errors_are_reworded_at_the_useful_place(tmp_path: Path, line: str, expected: str) -> None:
    text = TERM.replace("    en: extracellular vesicle", line)
    found = errors(load_one(tmp_path, "glossary-x.yaml", text))
    assert found and found[0].startswith(expected), found


def test_syntax_error_in_a_file_of_unknown_kind_is_the_only_error(tmp_path: Path) -> None:
    assert errors(load_one(tmp_path, "notes.yaml", "a: [b\n")) == [
        "1:4: YAML syntax error: the [ opened here is not closed with ]"
    ]


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "   \n# two\n"])
@pytest.mark.parametrize("name", ["quiz.yaml", "notes.yaml"])
def test_empty_or_comment_only_file_is_an_error(tmp_path: Path, name: str, text: str) -> None:
    assert errors(load_one(tmp_path, name, text)) == ["1:1: file is empty (no YAML content)"]


def test_top_level_scalar_or_list_is_named_at_its_line(tmp_path: Path) -> None:
    assert errors(load_one(tmp_path, "notes.yaml", "# x\n- a\n")) == [
        "2:1: a content file must be a mapping with a `sources:`, `terms:` or `items:` key"
    ]
    assert errors(load_one(tmp_path, "glossary.yaml", "# x\njust text\n")) == [
        "2:1: a glossary file must be a mapping (key: value lines)"
    ]


# -- encodings -------------------------------------------------------------------------------


def test_shift_jis_is_named_only_when_it_decodes_to_kana(tmp_path: Path) -> None:
    sjis = TERM.encode("cp932")
    [message] = errors(load_one(tmp_path, "glossary.yaml", sjis))
    assert message.startswith("3:9: file is not UTF-8 (byte 0x8D); it looks like Shift_JIS")

    latin = "sources:\n  - title: Crème brûlée\n".encode("latin-1")
    assert latin.decode("cp932")  # Latin-1 is often valid cp932 (as kanji): no kana, no claim
    [message] = errors(load_one(tmp_path, "sources.yaml", latin))
    assert message == "2:14: file is not UTF-8 (byte 0xE8); save it as UTF-8"


def test_utf16_is_recognised(tmp_path: Path) -> None:
    [message] = errors(load_one(tmp_path, "glossary.yaml", TERM.encode("utf-16")))
    assert message == "1:1: file is not UTF-8 (byte 0xFF); it looks like UTF-16: save it as UTF-8"


def test_bad_byte_column_counts_characters_not_bytes(tmp_path: Path) -> None:
    data = "terms:\n  - ja: 細胞".encode() + b"\xff\n"
    [message] = errors(load_one(tmp_path, "glossary.yaml", data))
    assert message.startswith("2:11: file is not UTF-8 (byte 0xFF)")


def test_oversize_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "glossary.yaml"
    with path.open("wb") as handle:
        handle.truncate(20 * 1024 * 1024 + 1)  # sparse: quick to make
    result = load_deck([path])
    assert errors(result) == ["1:1: file is 20,971,521 bytes; the limit is 20 MB"]


# -- fields: one error each, at the key or value at fault ----------------------------------------


def test_misspelt_required_field_is_reported_once(tmp_path: Path) -> None:
    text = TERM.replace("    definition:", "    defintion:")
    assert errors(load_one(tmp_path, "glossary-x.yaml", text)) == [
        "7:5: unknown field 'defintion' in a term (did you mean 'definition'?)"
    ]


def test_misspelt_field_does_not_hide_another_missing_one(tmp_path: Path) -> None:
    text = TERM.replace("    definition:", "    defintion:").replace("    evidence: established\n", "")
    assert errors(load_one(tmp_path, "glossary-x.yaml", text)) == [
        "2:5: a term is missing required field 'evidence'",
        "7:5: unknown field 'defintion' in a term (did you mean 'definition'?)",
    ]


def test_empty_value_points_at_its_key(tmp_path: Path) -> None:
    text = TERM.replace("    en: extracellular vesicle", "    en:")
    assert errors(load_one(tmp_path, "glossary-x.yaml", text)) == ["5:5: en is empty"]


def test_self_related_points_at_the_list_entry(tmp_path: Path) -> None:
    text = TERM.replace("    category: vesicle\n", "    category: vesicle\n    related: [exosome, test-term]\n")
    assert errors(load_one(tmp_path, "glossary-x.yaml", text)) == [
        "7:24: term 'test-term' lists itself in related"
    ]


QUIZ_GOOD = (GOOD / "quiz.yaml").read_text(encoding="utf-8")


def quiz_errors(tmp_path: Path, old: str, new: str) -> list[str]:
    assert QUIZ_GOOD.count(old) == 1, old
    return errors(load_one(tmp_path, "quiz.yaml", QUIZ_GOOD.replace(old, new)))


def test_answers_that_are_not_a_list_are_one_error(tmp_path: Path) -> None:
    assert quiz_errors(tmp_path, "answers: [a, c]", "answers: a") == ["33:14: answers must be a list"]


def test_choice_count_points_at_the_choices_key(tmp_path: Path) -> None:
    old = "      b: {ja: 約100 nm, en: about 100 nm}\n      c: {ja: 約10 µm, en: about 10 µm}\n" \
          "      d: {ja: 約1 mm, en: about 1 mm}\n    answer: b\n"
    assert quiz_errors(tmp_path, old, "    answer: a\n") == ["13:5: give 2–8 choices (found 1)"]


def test_repeated_choice_text_points_at_the_repeat(tmp_path: Path) -> None:
    assert quiz_errors(tmp_path, "d: {ja: 骨, en: bone}", "d: {ja: 脂質, en: bone}") == [
        "32:15: choice 'd' repeats the ja text of choice 'c'"
    ]


def test_repeated_matching_text_points_at_the_repeat(tmp_path: Path) -> None:
    assert quiz_errors(tmp_path, "left: {ja: 尿, en: urine}", "left: {ja: 尿, en: blood}") == [
        "77:27: left.en 'blood' appears in two pairs"
    ]


def test_matching_pair_count_points_at_the_pairs_key(tmp_path: Path) -> None:
    old = "      - left: {ja: 尿, en: urine}\n        right: {ja: 腎臓で作られる液, en: fluid made by the kidneys}\n"
    assert quiz_errors(tmp_path, old, "") == ["72:5: a matching item needs at least 3 pairs (found 2)"]


def test_cloze_blank_counts_are_spelt_right(tmp_path: Path) -> None:
    old = "[[communication between cells|cell communication]]."
    assert quiz_errors(tmp_path, old, "[[communication]] between [[cells]].") == [
        "64:11: text.en has 2 blanks but text.ja has 1 blank; give both the same blanks"
    ]


# -- ids: terms, cases and items of one deck share one namespace -------------------------------


def test_item_id_equal_to_a_term_id_of_the_deck_is_an_error(tmp_path: Path) -> None:
    folder = good_copy(tmp_path, quiz=("  - id: cargo-multi\n", "  - id: microrna\n"))
    result = load_dir(folder)
    [message] = errors(result)
    assert message.startswith("25:9: item id 'microrna' is already the id of the term at ")
    assert message.endswith("glossary.yaml:36:9; term, case and item ids must all differ")


def test_case_id_equal_to_an_item_id_in_one_file_is_an_error(tmp_path: Path) -> None:
    folder = good_copy(tmp_path, quiz=("  - id: fluid-matching\n", "  - id: clinic-drip\n"))
    [message] = errors(load_dir(folder))
    assert message.startswith("69:9: item id 'clinic-drip' is already the id of the case at ")


def test_category_may_share_its_id_with_a_term(tmp_path: Path) -> None:
    folder = good_copy(tmp_path, glossary=("  cargo: {ja:", "  exosome: {ja:"))
    text = (folder / "glossary.yaml").read_text(encoding="utf-8").replace("category: cargo", "category: exosome")
    (folder / "glossary.yaml").write_text(text, encoding="utf-8")
    assert load_dir(folder).diagnostics == []


def test_item_id_equal_to_a_term_id_of_the_context_is_allowed(tmp_path: Path) -> None:
    # Context (e.g. the shipped content beside a trainer's deck) only resolves references.
    folder = good_copy(tmp_path, quiz=("  - id: cargo-multi\n", "  - id: microrna\n"))
    result = load_deck([folder / "quiz.yaml"], context=[folder / "sources.yaml", folder / "glossary.yaml"])
    assert result.errors == []


def test_source_placeholder_is_replaced_by_the_short_name_per_language(tmp_path: Path) -> None:
    folder = good_copy(
        tmp_path,
        quiz=("prompt: {ja: エクソソームの大きさに近いのはどれか。, en: \"Which is closest to the size of an exosome?\"}",
              "prompt: {ja: \"{source:medicalnote-2024}によると大きさは？\", "
              "en: \"In the {source:medicalnote-2024}, which size?\"}"),
        sources=("    publisher: Medical Note\n",
                 "    publisher: Medical Note\n    short_name: {ja: 解説ページ, en: information page}\n"),
    )
    result = load_dir(folder)
    assert result.deck is not None, errors(result)
    prompt = next(i.prompt for i in result.deck.items if "大きさは" in i.prompt.ja)
    assert (prompt.ja, prompt.en) == ("解説ページによると大きさは？", "In the information page, which size?")


def test_source_placeholder_without_short_name_uses_the_publisher(tmp_path: Path) -> None:
    text = (
        "items:\n"
        "  - id: x-tf\n"
        "    type: truefalse\n"
        "    prompt: {ja: \"{source:medicalnote-2024}は正しい。\", en: x}\n"
        "    answer: true\n"
        "    explanation: {ja: x, en: x}\n"
        "    sources:\n"
        "      - {id: medicalnote-2024, section: 概要}\n"
        "    evidence: established\n"
    )
    result = load_one(tmp_path, "quiz.yaml", text)
    assert result.deck is not None, errors(result)
    assert result.deck.items[0].prompt.ja == "Medical Noteは正しい。"


def test_unknown_source_in_a_placeholder_is_an_error_at_its_position(tmp_path: Path) -> None:
    text = (
        "items:\n"
        "  - id: x-tf\n"
        "    type: truefalse\n"
        "    prompt:\n"
        "      ja: 本文{source:medicalnote-2042}による。\n"
        "      en: x\n"
        "    answer: true\n"
        "    explanation: {ja: x, en: x}\n"
        "    sources:\n"
        "      - {id: medicalnote-2024, section: 概要}\n"
        "    evidence: established\n"
    )
    [message] = errors(load_one(tmp_path, "quiz.yaml", text))
    assert message.startswith("5:13: unknown source id 'medicalnote-2042'")
    assert "medicalnote-2024" in message  # did-you-mean


def test_search_keys_are_read_and_kept_apart_from_aliases(tmp_path: Path) -> None:
    text = TERM + "    aliases: {ja: [細胞外ベシクル]}\n    search_keys: {ja: [小胞], en: [vesicles]}\n"
    result = load_one(tmp_path, "glossary-x.yaml", text)
    assert result.deck is not None, errors(result)
    term = result.deck.terms[0]
    assert term.aliases.all() == ("細胞外ベシクル",)
    assert (term.search_keys.ja, term.search_keys.en) == (("小胞",), ("vesicles",))


# -- formerly: renaming an id keeps review history -------------------------------------


def test_formerly_is_read_into_the_model(tmp_path: Path) -> None:
    folder = good_copy(tmp_path, quiz=("  - id: size-single\n", "  - id: size-single\n    formerly: [old-size]\n"))
    result = load_dir(folder)
    assert result.deck is not None, errors(result)
    assert result.deck.item_by_id["size-single"].formerly == ("old-size",)


def test_formerly_naming_a_live_id_is_an_error_at_the_entry(tmp_path: Path) -> None:
    folder = good_copy(tmp_path, quiz=("  - id: size-single\n", "  - id: size-single\n    formerly: [cargo-multi]\n"))
    found = errors(load_dir(folder))
    assert len(found) == 1 and found[0].startswith("10:16: formerly id 'cargo-multi' is still the id of the item at ")
    assert "quiz.yaml:26:9" in found[0]


def test_formerly_claimed_twice_is_an_error_at_the_second_claim(tmp_path: Path) -> None:
    folder = good_copy(tmp_path, quiz=("  - id: cargo-multi\n", "  - id: cargo-multi\n    formerly: old-one\n"),
                       glossary=("  - id: exosome\n", "  - id: exosome\n    formerly: [old-one]\n"))
    found = errors(load_dir(folder))
    assert len(found) == 1 and "formerly id 'old-one' is already claimed at " in found[0], found
    assert found[0].startswith("26:15: ") and "glossary.yaml:22:16" in found[0]


# -- readings of cloze blanks ----------------------------------------------------------------

CLOZE_EXPLANATION = "    explanation: {ja: 情報伝達を担う。"


def test_cloze_readings_load_for_their_blanks(tmp_path: Path) -> None:
    new = "    readings: {情報伝達: じょうほうでんたつ}\n" + CLOZE_EXPLANATION
    deck = load_dir(good_copy(tmp_path, quiz=(CLOZE_EXPLANATION, new))).deck
    assert deck is not None
    cloze = next(i.body for i in deck.items if isinstance(i.body, ClozeBody))
    assert isinstance(cloze, ClozeBody) and cloze.readings == (("情報伝達", "じょうほうでんたつ"),)


def test_cloze_readings_name_a_blank_and_are_hiragana(tmp_path: Path) -> None:
    new = "    readings: {情報伝逹: じょうほうでんたつ, 情報伝達: ジョウホウデンタツ}\n" + CLOZE_EXPLANATION
    assert quiz_errors(tmp_path, CLOZE_EXPLANATION, new) == [
        "65:16: readings: '情報伝逹' is not an answer of a blank in text.ja (細胞間の情報伝達, 情報伝達)"
        " (did you mean '情報伝達'?)",
        "65:39: reading 'ジョウホウデンタツ' must be hiragana; write 'じょうほうでんたつ'",
    ]
    assert quiz_errors(tmp_path, CLOZE_EXPLANATION, "    readings: [じょうほう]\n" + CLOZE_EXPLANATION) \
        == ["65:15: readings must be a mapping of blank answer → reading, e.g. "
            "`{情報伝達: じょうほうでんたつ}`"]
