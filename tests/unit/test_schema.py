"""The JSON Schemas in schema/ stay in step with the loader, and shipped files satisfy them."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from exoterm.core.content.jsonschema import build_schemas, render
from exoterm.core.content.loader import detect_kind

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_DIR = ROOT / "schema"
CONTENT_DIRS = [ROOT / "data", ROOT / "tests" / "data" / "good", ROOT / "tests" / "data" / "numeric"]


def content_files() -> list[Path]:
    return sorted(p for d in CONTENT_DIRS for p in d.glob("*.yaml"))


@pytest.mark.parametrize("name", sorted(build_schemas()))
def test_committed_schema_is_generated(name: str) -> None:
    committed = (SCHEMA_DIR / name).read_text(encoding="utf-8")
    assert committed == render(build_schemas()[name]), (
        f"schema/{name} is stale: run `python -m exoterm.core.content.jsonschema schema`"
    )


@pytest.mark.parametrize("name", sorted(build_schemas()))
def test_schema_is_valid_draft7(name: str) -> None:
    jsonschema.Draft7Validator.check_schema(json.loads((SCHEMA_DIR / name).read_text("utf-8")))


@pytest.mark.parametrize("path", content_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_content_file_satisfies_schema(path: Path) -> None:
    kind = detect_kind(path, None)
    if kind is None:
        pytest.skip("not a content file")
    schema = json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text("utf-8"))
    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=") and f"{kind}.schema.json" in first
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # as the loader does
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(data), key=str)
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def test_schema_rejects_what_loader_rejects() -> None:
    schema = json.loads((SCHEMA_DIR / "quiz.schema.json").read_text("utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    base = {
        "id": "q", "type": "single", "prompt": {"ja": "問", "en": "Q"},
        "explanation": {"ja": "説明", "en": "Why"}, "evidence": "established",
        "sources": [{"id": "s", "section": "概要"}],
        "choices": {"a": {"ja": "あ", "en": "a"}, "b": {"ja": "い", "en": "b"}}, "answer": "a",
    }
    assert validator.is_valid({"items": [base]})
    assert not validator.is_valid({"items": [{**base, "promt": base["prompt"]}]})  # unknown field
    assert not validator.is_valid({"items": [{**base, "answer": True}]})  # wrong answer type
    assert not validator.is_valid({"items": [{**base, "select": 2}]})  # field of another type
    tf = {k: v for k, v in base.items() if k not in ("choices", "answer")} | {"type": "truefalse"}
    assert not validator.is_valid({"items": [tf]})  # truefalse without answer
    assert validator.is_valid({"items": [{**tf, "answer": False}]})


def test_schema_checks_calculation_items() -> None:
    validator = jsonschema.Draft7Validator(json.loads((SCHEMA_DIR / "quiz.schema.json").read_text("utf-8")))
    base = {
        "id": "q", "type": "numeric", "prompt": {"ja": "問", "en": "Q"},
        "explanation": {"ja": "説明", "en": "Why"}, "evidence": "established",
        "sources": [{"id": "s", "section": "概要"}], "answer": 41.7,
    }
    assert validator.is_valid({"items": [base]})
    assert validator.is_valid({"items": [{**base, "unit": "mL", "tolerance": 0.5, "decimals": 1}]})
    assert validator.is_valid({"items": [{**base, "unit": {"ja": "滴/分", "en": "drops/min"}}]})
    assert not validator.is_valid({"items": [{**base, "answer": "41.7"}]})  # text, not a number
    assert not validator.is_valid({"items": [{**base, "tolerance": -1}]})
    assert not validator.is_valid({"items": [{**base, "decimals": 7}]})
    assert not validator.is_valid({"items": [{**base, "decimals": 1.5}]})
    assert not validator.is_valid({"items": [{**base, "choices": {"a": {"ja": "a", "en": "a"}}}]})
    single = {**base, "type": "single", "answer": "a",
              "choices": {"a": {"ja": "あ", "en": "a"}, "b": {"ja": "い", "en": "b"}}}
    assert validator.is_valid({"items": [single]})
    assert not validator.is_valid({"items": [{**single, "unit": "mL"}]})  # a numeric-only field
