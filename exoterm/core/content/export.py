"""Deck ⇄ plain data (JSON-ready dicts), field names as in the model.

`deck_to_dict` is what `exoterm export --format json` prints and what the cache stores;
`deck_from_dict` rebuilds the Deck from it without re-validating (trusted input only).
A quiz item's type-specific fields sit flat beside the common ones, as in the YAML.
"""

from __future__ import annotations

from typing import Any

from exoterm.core.content.models import (
    BODY_TYPES,
    Bilingual,
    Case,
    Category,
    Choice,
    Citation,
    ClozeBody,
    Deck,
    DeckInfo,
    ItemBody,
    MatchingBody,
    MatchPair,
    MultiBody,
    NumericBody,
    QuizItem,
    SingleBody,
    Source,
    Term,
    TrueFalseBody,
    TypedBody,
    Variants,
)

Json = dict[str, Any]


def _bi(value: Bilingual) -> Json:
    return {"ja": value.ja, "en": value.en}


def _var(value: Variants) -> Json:
    return {"ja": list(value.ja), "en": list(value.en)}


def _cites(values: tuple[Citation, ...]) -> list[Json]:
    return [{"id": c.id, "section": c.section} for c in values]


def source_to_dict(s: Source) -> Json:
    return {
        "id": s.id, "title": s.title, "publisher": s.publisher, "date": s.date, "trust": s.trust,
        "description": _bi(s.description), "author": s.author, "file": s.file, "url": s.url,
        "short_name": _bi(s.short_name) if s.short_name else None,
    }


def term_to_dict(t: Term) -> Json:
    return {
        "id": t.id, "ja": t.ja, "reading": t.reading, "en": t.en, "abbr": list(t.abbr),
        "aliases": _var(t.aliases), "search_keys": _var(t.search_keys), "category": t.category,
        "definition": _bi(t.definition),
        "related": list(t.related), "sources": _cites(t.sources), "evidence": t.evidence,
        "note": _bi(t.note) if t.note else None, "reading_checked": t.reading_checked,
        "formerly": list(t.formerly),
    }


def _body_to_dict(body: ItemBody) -> Json:
    if isinstance(body, SingleBody | MultiBody):
        out: Json = {"choices": [{"id": c.id, "ja": c.ja, "en": c.en} for c in body.choices]}
        if isinstance(body, SingleBody):
            out["answer"] = body.answer
        else:
            out.update(answers=list(body.answers), select=body.select)
        return out
    if isinstance(body, TrueFalseBody):
        return {"answer": body.answer}
    if isinstance(body, TypedBody):
        return {"answer": _bi(body.answer), "accept": _var(body.accept), "strict": body.strict}
    if isinstance(body, ClozeBody):
        return {"text": _bi(body.text), "readings": dict(body.readings)}
    if isinstance(body, NumericBody):
        return {"answer": body.answer, "unit": _bi(body.unit) if body.unit else None,
                "tolerance": body.tolerance, "decimals": body.decimals}
    return {"pairs": [{"left": _bi(p.left), "right": _bi(p.right)} for p in body.pairs]}


def item_to_dict(i: QuizItem) -> Json:
    return {
        "id": i.id, "type": i.type, "section": i.section, "case": i.case,
        "prompt": _bi(i.prompt), **_body_to_dict(i.body), "explanation": _bi(i.explanation),
        "terms": list(i.terms), "tags": list(i.tags), "sources": _cites(i.sources),
        "evidence": i.evidence, "formerly": list(i.formerly),
    }


def deck_to_dict(deck: Deck) -> Json:
    return {
        "version": deck.version,
        "decks": [{"id": d.id, "title": d.title, "namespaced": d.namespaced} for d in deck.decks],
        "sources": [source_to_dict(s) for s in deck.sources],
        "categories": [{"id": c.id, "label": _bi(c.label)} for c in deck.categories],
        "terms": [term_to_dict(t) for t in deck.terms],
        "cases": [
            {"id": c.id, "title": _bi(c.title), "scenario": _bi(c.scenario), "sources": _cites(c.sources)}
            for c in deck.cases
        ],
        "items": [item_to_dict(i) for i in deck.items],
    }


# -- rebuilding -------------------------------------------------------------------------


def _b(d: Json) -> Bilingual:
    return Bilingual(d["ja"], d["en"])


def _v(d: Json) -> Variants:
    return Variants(tuple(d["ja"]), tuple(d["en"]))


def _c(items: list[Json]) -> tuple[Citation, ...]:
    return tuple(Citation(c["id"], c["section"]) for c in items)


def _body_from_dict(d: Json) -> ItemBody:
    kind = BODY_TYPES[d["type"]]
    if kind is SingleBody or kind is MultiBody:
        choices = tuple(Choice(c["id"], c["ja"], c["en"]) for c in d["choices"])
        if kind is SingleBody:
            return SingleBody(choices, d["answer"])
        return MultiBody(choices, tuple(d["answers"]), d["select"])
    if kind is TrueFalseBody:
        return TrueFalseBody(d["answer"])
    if kind is TypedBody:
        return TypedBody(_b(d["answer"]), _v(d["accept"]), bool(d.get("strict", False)))
    if kind is ClozeBody:
        return ClozeBody(_b(d["text"]), tuple(d.get("readings", {}).items()))
    if kind is NumericBody:
        return NumericBody(d["answer"], _b(d["unit"]) if d["unit"] else None, d["tolerance"],
                           d["decimals"])
    return MatchingBody(tuple(MatchPair(_b(p["left"]), _b(p["right"])) for p in d["pairs"]))


def deck_from_dict(d: Json) -> Deck:
    return Deck(
        sources=tuple(
            Source(s["id"], s["title"], s["publisher"], s["date"], s["trust"], _b(s["description"]),
                   s["author"], s["file"], s["url"],
                   _b(s["short_name"]) if s.get("short_name") else None)
            for s in d["sources"]
        ),
        categories=tuple(Category(c["id"], _b(c["label"])) for c in d["categories"]),
        terms=tuple(
            Term(t["id"], t["ja"], t["reading"], t["en"], t["category"], _b(t["definition"]),
                 _c(t["sources"]), t["evidence"], tuple(t["abbr"]), _v(t["aliases"]),
                 tuple(t["related"]), _b(t["note"]) if t["note"] else None,
                 t["reading_checked"], _v(t.get("search_keys") or {"ja": [], "en": []}),
                 tuple(t.get("formerly", ())))
            for t in d["terms"]
        ),
        cases=tuple(
            Case(c["id"], _b(c["title"]), _b(c["scenario"]), _c(c["sources"])) for c in d["cases"]
        ),
        items=tuple(
            QuizItem(i["id"], _b(i["prompt"]), _b(i["explanation"]), _c(i["sources"]), i["evidence"],
                     _body_from_dict(i), tuple(i["terms"]), tuple(i["tags"]), i["section"], i["case"],
                     tuple(i.get("formerly", ())))
            for i in d["items"]
        ),
        version=d["version"],
        decks=tuple(DeckInfo(k["id"], k["title"], k["namespaced"]) for k in d.get("decks", ())),
    )
