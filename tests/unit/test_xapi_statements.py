"""xAPI statements: ids, activity IRIs, interaction definitions and response formats for
each question type, and the LRS setting's address rules."""

from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from quiz_fixtures import QUIZ_DECK, quiz_deck, right_answer, wrong_answer

from exoterm.core.content import ContentError, load_content
from exoterm.core.quiz.judge import judge, stored_response
from exoterm.core.quiz.present import question_for
from exoterm.core.quiz.questions import Question
from exoterm.core.xapi.recorder import StatementRecorder
from exoterm.core.xapi.setting import LrsSetting, check_url
from exoterm.core.xapi.statements import (
    ANSWERED,
    EXT_RESPONSE,
    Answer,
    Identity,
    activity_iri,
    answered,
    response_text,
    statement_id,
    voiding,
    voiding_id,
)
from exoterm.errors import ExotermError

IDENTITY = Identity("0123abcd", "https://school.example", "https://school.example/xapi/")
slug = st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True)


@given(st.text(min_size=1, max_size=20), st.integers(min_value=0, max_value=2**62))
def test_statement_ids_are_stable_uuids_that_never_meet_voiding_ids(learner: str, revlog: int) -> None:
    sid = statement_id(learner, revlog)
    assert uuid.UUID(sid).version == 5 and sid == statement_id(learner, revlog)
    assert sid != voiding_id(learner, revlog) and sid != statement_id(learner + "x", revlog)


@given(slug, slug, st.sampled_from(["item", "term"]))
def test_activity_iris_name_the_deck_and_the_entry(deck: str, local: str, kind: str) -> None:
    iri = activity_iri(IDENTITY, deck, local, kind)
    assert iri == f"{IDENTITY.activity_base}{deck}/{kind}/{local}"
    assert iri.rsplit(f"/{kind}/", 1)[0].rsplit("/", 1)[-1] == deck  # as analyze --lrs reads it


def question(kind: str) -> Question:
    deck = quiz_deck()
    item = next(i for i in deck.items if i.type == kind)
    return question_for(deck, f"item:{item.id}", "en", seed=1)


def statement_for(q: Question, reply: str) -> dict[str, object]:
    judgement = judge(q, reply, 2.5)
    return answered(IDENTITY, Answer(q, q.prompt, None, stored_response(judgement),
                                     judgement.verdict == "right", 3, 2500, 1_743_476_400_123,
                                     "5f1c3c1e-0000-4000-8000-000000000001", "exoterm",
                                     q.card_id.removeprefix("item:")))


@pytest.mark.parametrize(("kind", "interaction"), [
    ("single", "choice"), ("multi", "choice"), ("truefalse", "true-false"),
    ("typed", "fill-in"), ("cloze", "fill-in"), ("matching", "matching")])
def test_each_type_is_a_cmi_interaction_whose_right_reply_matches_its_pattern(
        kind: str, interaction: str) -> None:
    q = question(kind)
    right = statement_for(q, right_answer(q))
    obj, result = right["object"], right["result"]
    assert isinstance(obj, dict) and isinstance(result, dict)
    definition = obj["definition"]
    assert definition["interactionType"] == interaction
    assert result["success"] is True and result["duration"] == "PT2.50S"
    pattern = definition["correctResponsesPattern"][0].removeprefix("{case_matters=false}")
    if kind in ("typed", "cloze"):
        assert result["response"].casefold() == pattern.casefold()
    else:
        assert result["response"] == pattern
    wrong = statement_for(q, wrong_answer(q))
    assert wrong["result"]["success"] is False  # type: ignore[index]
    assert wrong["result"]["response"] != result["response"]  # type: ignore[index]
    assert right["verb"]["id"] == ANSWERED  # type: ignore[index]
    assert right["timestamp"] == "2025-04-01T03:00:00.123+00:00"


def test_choices_and_matching_sides_are_listed_with_their_texts() -> None:
    single = question("single")
    definition = statement_for(single, right_answer(single))["object"]["definition"]  # type: ignore[index]
    assert [c["id"] for c in definition["choices"]] == [o.id for o in single.options]
    assert definition["choices"][0]["description"]["und"] == single.options[0].text
    matching = question("matching")
    definition = statement_for(matching, right_answer(matching))["object"]["definition"]  # type: ignore[index]
    assert len(definition["source"]) == len(definition["target"]) == len(matching.options)


def test_multi_and_matching_responses_use_xapi_delimiters() -> None:
    assert response_text(question("multi"), "a c") == "a[,]c"
    assert response_text(question("matching"), "0=1 1=0") == "0[.]1[,]1[.]0"
    assert response_text(question("single"), "?") == ""  # don't know: no response


def test_the_stored_response_travels_for_item_analysis() -> None:
    q = question("multi")
    statement = statement_for(q, right_answer(q))
    assert statement["result"]["extensions"][EXT_RESPONSE] == " ".join(sorted(q.key.choice_ids))  # type: ignore[index]


def test_a_voiding_statement_points_at_the_answer() -> None:
    void = voiding(IDENTITY, 42, 0)
    assert void["object"] == {"objectType": "StatementRef", "id": statement_id(IDENTITY.learner, 42)}
    assert void["id"] == voiding_id(IDENTITY.learner, 42)


def test_statements_carry_a_pseudonym_unless_a_name_is_configured() -> None:
    q = question("single")
    anonymous = statement_for(q, right_answer(q))["actor"]
    assert anonymous == {"objectType": "Agent",
                         "account": {"homePage": "https://school.example", "name": "0123abcd"}}
    named = answered(Identity("0123abcd", name="Hanako"), Answer(q, q.prompt, None, "a", True, 3, 0, 0, "r",
                                                                 "exoterm", "x"))
    assert named["actor"]["name"] == "Hanako"
    assert "Hanako" not in json.dumps(anonymous)


@pytest.mark.parametrize("url", ["http://127.0.0.1:8100/xAPI", "http://localhost/xAPI/",
                                 "http://[::1]:9/x/", "https://lrs.example.ac.jp/xAPI/"])
def test_https_or_this_computer(url: str) -> None:
    assert check_url(url).endswith("/")


@pytest.mark.parametrize("url", ["http://10.0.0.5/xAPI/", "http://lrs.example/", "file:///etc/passwd",
                                 "https://u:p@lrs.example/", "https://lrs.example/?token=1", ""])
def test_unsafe_addresses_are_refused(url: str) -> None:
    with pytest.raises(ExotermError):
        check_url(url)


def test_a_damaged_setting_is_a_readable_error() -> None:
    with pytest.raises(ExotermError, match="lrs set"):
        LrsSetting.from_json('{"url": "ftp://x"}')
    good = LrsSetting("https://lrs.example/xAPI/")
    assert LrsSetting.from_json(good.to_json()) == good


def deck_with_header(tmp_path: Path, header: str) -> Path:
    folder = tmp_path / "deck"
    shutil.copytree(QUIZ_DECK, folder)
    sources = folder / "sources.yaml"
    sources.write_text(header + sources.read_text("utf-8"), "utf-8")
    return folder


def test_a_deck_names_its_own_activities(tmp_path: Path) -> None:
    folder = deck_with_header(tmp_path, "deck:\n  id: infection-control\n  title: 感染管理\n"
                                        "  activity_base: https://school.example/xapi\n")
    deck = load_content([folder])
    item = deck.items[0]
    recorder = StatementRecorder(IDENTITY, LrsSetting("https://lrs.example/xAPI/"), deck)
    q = question_for(deck, f"item:{item.id}", "ja", seed=1)
    made = recorder.statement(q, right_answer(q), True, 3, 1000, 0)
    assert made is not None
    body = json.loads(made[1])
    assert body["object"]["id"] == f"https://school.example/xapi/infection-control/item/{item.id}"
    assert body["context"]["contextActivities"]["parent"][0]["id"] == \
        "https://school.example/xapi/infection-control"


def test_a_bad_activity_base_is_an_error_at_its_place(tmp_path: Path) -> None:
    folder = deck_with_header(tmp_path, "deck:\n  id: ic\n  activity_base: school xapi\n")
    with pytest.raises(ContentError) as err:
        load_content([folder])
    assert "sources.yaml:3:" in str(err.value) and "activity_base" in str(err.value)
