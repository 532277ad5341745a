"""Typed reading of node trees into models, collecting every problem with its line:col.

`Reader` checks shapes and scalar types field by field and reads each record (source,
category, term, case, quiz item with its type-specific body: choices, answers, blanks,
pairs); references between records are only recorded here (`refs`, `defs`) and resolved
across files by `loader`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from exoterm.core.content import fields as F
from exoterm.core.content.cloze import Blank, ClozeSyntaxError, count_blanks, parse_cloze
from exoterm.core.content.diagnostics import Diagnostic, Pos, closest, did_you_mean
from exoterm.core.content.models import (
    BODY_TYPES,
    EVIDENCE_LEVELS,
    QUIZ_TYPES,
    SECTIONS,
    TRUST_LEVELS,
    Bilingual,
    Case,
    Category,
    Choice,
    Citation,
    ClozeBody,
    DeckInfo,
    Evidence,
    ItemBody,
    MatchingBody,
    MatchPair,
    MultiBody,
    NumericBody,
    QuizItem,
    QuizType,
    Section,
    SingleBody,
    Source,
    Term,
    TrueFalseBody,
    Trust,
    TypedBody,
    Variants,
)
from exoterm.core.content.placeholders import placeholder_refs
from exoterm.core.content.yamlnodes import YMap, YNode, YScalar, YSeq, fullwidth_mistake, scalar_kind
from exoterm.core.numbers import NotANumber, as_decimal, decimal_places, format_number, read_number, round_to
from exoterm.core.textsafety import describe, disallowed

_KIND_WORDS = {
    "bool": "a boolean",
    "bool11": "a boolean to YAML 1.1 tools",
    "null": "empty (null)",
    "int": "a number",
    "odd-number": "an octal/sexagesimal number to YAML 1.1 tools",
    "float": "a number",
    "date": "a date",
}


@dataclass(frozen=True, slots=True)
class Ref:
    """A reference to an id of `kind` (term, source, case, category) found at `pos`."""

    kind: str
    id: str
    pos: Pos


class Reader:
    """Reads one file's nodes; problems go to `errors`, ids to `defs`, references to `refs`."""

    def __init__(self, errors: list[Diagnostic]) -> None:
        self.errors = errors
        self.defs: list[Ref] = []
        self.refs: list[Ref] = []
        self.readings: list[tuple[str, str, bool, Ref]] = []
        self.formerly: list[Ref] = []  # old ids claimed by `formerly:` (kind: term or item)
        self.missing_en: list[Pos] = []  # records without English (allowed; a warning per file)

    # -- generic shapes ------------------------------------------------------------
    def error(self, pos: Pos, message: str) -> None:
        self.errors.append(Diagnostic(pos, message))

    @staticmethod
    def reported(node: YNode) -> bool:
        """A stand-in for a value already reported (see YScalar.reported): skip it quietly."""
        return isinstance(node, YScalar) and node.reported

    def record(self, node: YNode, allowed: Mapping[str, bool], what: str) -> YMap | None:
        if not isinstance(node, YMap):
            if not self.reported(node):
                self.error(node.pos, f"{what} must be a mapping (key: value lines)")
            return None
        missing = [name for name, required in allowed.items() if required and name not in node.index]
        for key, _ in node.entries:
            if key.text not in allowed and (fullwidth := fullwidth_mistake(key.text)) is not None:
                col, message = fullwidth
                self.error(Pos(key.pos.path, key.pos.line, key.pos.col + col), message)
                meant = key.text.strip("\u3000 ").split("\uff1a")[0]
                if meant in missing:
                    missing.remove(meant)  # that field is there, only mis-indented: say it once
            elif key.text not in allowed:
                self.error(key.pos, f"unknown field '{key.text}' in {what}{did_you_mean(key.text, allowed)}")
                close = closest(key.text, allowed)
                if close in missing:
                    missing.remove(close)  # the misspelt field is the missing one: say it once
        if missing:
            names = ", ".join(f"'{m}'" for m in missing)
            self.error(node.pos, f"{what} is missing required field{'s' * (len(missing) > 1)} {names}")
        return node

    def seq(self, node: YNode, what: str, *, allow_empty: bool = False) -> list[YNode]:
        if not isinstance(node, YSeq):
            if not self.reported(node):
                self.error(node.pos, f"{what} must be a list")
            return []
        if not node.items and not allow_empty:
            self.error(node.pos, f"{what} must not be empty")
        return node.items

    def text(self, node: YNode | None, what: str, *, multiline: bool = False) -> str | None:
        if node is None or self.reported(node):
            return None
        if not isinstance(node, YScalar):
            shape = "list" if isinstance(node, YSeq) else "mapping"
            self.error(node.pos, f"{what} must be text, not a {shape}")
            return None
        kind = scalar_kind(node)
        if kind == "null":
            self.error(node.pos, f"{what} is empty")
            return None
        if kind != "str":
            self.error(
                node.pos,
                f"{what} must be text, but {node.text!r} is read as {_KIND_WORDS[kind]}; "
                f'quote it: "{node.text}"',
            )
            return None
        bad = disallowed(node.text.strip(" \n"), multiline=multiline)
        if bad is not None:
            self.control_character(node, bad, what)
            return None
        value = node.text.strip()
        if not value:
            self.error(node.pos, f"{what} is empty")
            return None
        if "{source:" in value:
            for sid, pos in placeholder_refs(node.text, node.pos, node.plain):
                self.refs.append(Ref("source", sid, pos))
        return value

    def control_character(self, node: YScalar, char: str, what: str) -> None:
        """Terminal controls never reach a screen: every text field refuses them here."""
        if char in "\t\n":
            self.error(node.pos, f"control character {describe(char)} in text ({what} is one line; "
                       "only definitions, notes, prompts, explanations and scenarios may have "
                       "line breaks or tabs)")
        else:
            self.error(node.flaw or node.pos, f"control character {describe(char)} in text")

    def texts(self, node: YNode | None, what: str) -> tuple[str, ...]:
        """A list of texts; a single text is accepted as a list of one."""
        if node is None:
            return ()
        if isinstance(node, YScalar):
            one = self.text(node, what)
            return (one,) if one is not None else ()
        values = [self.text(item, what) for item in self.seq(node, what, allow_empty=True)]
        return tuple(v for v in values if v is not None)

    def ident(self, node: YNode | None, what: str, pattern: object = F.ID_RE) -> str | None:
        value = self.text(node, what)
        if value is None or node is None:
            return None
        assert hasattr(pattern, "match")
        if not pattern.match(value):
            if pattern is F.TAG_RE:
                self.error(node.pos, f"{what} {value!r} must not contain spaces or ';' (write _ or -)")
                return None
            rule = "lowercase letters and digits" if pattern is F.CHOICE_ID_RE else (
                "lowercase letters, digits and hyphens"
            )
            self.error(node.pos, f"{what} {value!r} must use only {rule}")
            return None
        return value

    def choice_of(self, node: YNode | None, options: tuple[str, ...], what: str) -> str | None:
        value = self.text(node, what)
        if value is None or node is None:
            return None
        if value not in options:
            allowed = " | ".join(options)
            self.error(node.pos, f"{what} {value!r} is not one of {allowed}{did_you_mean(value, options)}")
            return None
        return value

    def boolean(self, node: YNode | None, what: str) -> bool | None:
        if node is None or self.reported(node):
            return None
        if isinstance(node, YScalar):
            kind = scalar_kind(node)
            if kind == "bool":
                return node.text.lower() == "true"
            if kind == "bool11":
                word = "true" if node.text.lower() in ("y", "yes", "on") else "false"
                self.error(node.pos, f"{what} {node.text!r} is ambiguous in YAML; write {word}")
                return None
        self.error(node.pos, f"{what} must be true or false")
        return None

    def integer(self, node: YNode | None, what: str) -> int | None:
        if node is None or self.reported(node):
            return None
        if isinstance(node, YScalar) and scalar_kind(node) == "int":
            return int(node.text.replace("_", ""))
        self.error(node.pos, f"{what} must be a whole number")
        return None

    def number(self, node: YNode | None, what: str) -> int | float | None:
        """A YAML number (int or float, finite); text that looks like one is named with
        the way to write it (`"42"` quoted, `1,000`, full-width `４２`, `42 mL`)."""
        if node is None or self.reported(node):
            return None
        if not isinstance(node, YScalar):
            shape = "list" if isinstance(node, YSeq) else "mapping"
            self.error(node.pos, f"{what} must be a number, not a {shape}")
            return None
        kind = scalar_kind(node)
        text = node.text.replace("_", "")
        if kind == "int":
            return int(text)
        if kind == "float":
            if text.lstrip("+-").lower() in (".inf", ".nan"):
                self.error(node.pos, f"{what} must be a finite number, not {node.text!r}")
                return None
            return float(text)
        if kind == "odd-number":
            self.error(node.pos, f"{what} {node.text!r} is an octal or sexagesimal number to YAML 1.1 "
                                 "tools; write the number in plain decimal digits")
            return None
        if kind != "str":
            self.error(node.pos, f"{what} must be a number, but {node.text!r} is read as {_KIND_WORDS[kind]}")
            return None
        self.error(node.pos, f"{what} must be a number, but {node.text!r} is text{_number_hint(node)}")
        return None

    # -- shared record types ------------------------------------------------------
    def bilingual(self, node: YNode | None, what: str) -> Bilingual | None:
        if node is None:
            return None
        rec = self.record(node, F.BILINGUAL_FIELDS, what)
        if rec is None:
            return None
        multiline = what in F.MULTILINE_FIELDS
        ja = self.text(rec.get("ja"), f"{what}.ja", multiline=multiline)
        en_node = rec.get("en")
        if en_node is None:
            self.missing_en.append(rec.pos)
            return Bilingual(ja) if ja is not None else None
        en = self.text(en_node, f"{what}.en", multiline=multiline)
        return Bilingual(ja, en) if ja is not None and en is not None else None

    def variants(self, node: YNode | None, what: str) -> Variants:
        if node is None:
            return Variants()
        rec = self.record(node, F.VARIANT_FIELDS, what)
        if rec is None:
            return Variants()
        return Variants(self.texts(rec.get("ja"), f"{what}.ja"), self.texts(rec.get("en"), f"{what}.en"))

    def citations(self, node: YNode | None) -> tuple[Citation, ...]:
        if node is None:
            return ()
        out: list[Citation] = []
        for item in self.seq(node, "sources"):
            rec = self.record(item, F.CITATION_FIELDS, "a citation")
            if rec is None:
                continue
            sid = self.ident(rec.get("id"), "source id")
            section = self.text(rec.get("section"), "section")
            if sid is not None and section is not None:
                out.append(Citation(sid, section))
                id_node = rec.get("id")
                assert id_node is not None
                self.refs.append(Ref("source", sid, id_node.pos))
        return tuple(out)

    def refs_list(self, node: YNode | None, kind: str, what: str) -> tuple[str, ...]:
        if node is None:
            return ()
        items = [node] if isinstance(node, YScalar) else self.seq(node, what, allow_empty=True)
        out: list[str] = []
        for item in items:
            value = self.ident(item, f"{kind} id in {what}")
            if value is not None:
                out.append(value)
                self.refs.append(Ref(kind, value, item.pos))
        return tuple(out)

    def former_ids(self, node: YNode | None, kind: str) -> tuple[str, ...]:
        """The ids listed in `formerly:`; each is recorded to be checked across the deck."""
        if node is None:
            return ()
        items = [node] if isinstance(node, YScalar) else self.seq(node, "formerly")
        out: list[str] = []
        for item in items:
            value = self.ident(item, "id in formerly")
            if value is not None:
                out.append(value)
                self.formerly.append(Ref(kind, value, item.pos))
        return tuple(out)

    def define(self, kind: str, node: YNode | None, what: str) -> str | None:
        value = self.ident(node, f"{what} id")
        if value is not None and node is not None:
            self.defs.append(Ref(kind, value, node.pos))
        return value

    # -- top-level records --------------------------------------------------------
    def source(self, node: YNode) -> Source | None:
        rec = self.record(node, F.SOURCE_FIELDS, "a source")
        if rec is None:
            return None
        sid = self.define("source", rec.get("id"), "source")
        title = self.text(rec.get("title"), "title")
        publisher = self.text(rec.get("publisher"), "publisher")
        date = self.text(rec.get("date"), "date")
        date_node = rec.get("date")
        if date is not None and date_node is not None and not F.DATE_RE.match(date):
            self.error(date_node.pos, f"date {date!r} must be YYYY-MM-DD, YYYY-MM or YYYY")
            date = None
        trust = self.choice_of(rec.get("trust"), TRUST_LEVELS, "trust")
        description = self.bilingual(rec.get("description"), "description")
        author = self.text(rec.get("author"), "author")
        file = self.text(rec.get("file"), "file")
        url = self.text(rec.get("url"), "url")
        short_name = self.bilingual(rec.get("short_name"), "short_name")
        parts = (sid, title, publisher, date, trust, description)
        if any(p is None for p in parts):
            return None
        assert sid and title and publisher and date and trust and description
        return Source(sid, title, publisher, date, _trust(trust), description, author, file, url, short_name)

    def deck(self, node: YNode) -> DeckInfo | None:
        """The `deck:` header: the deck's own id (a lowercase ASCII slug) and title."""
        rec = self.record(node, F.DECK_FIELDS, "the deck header")
        if rec is None:
            return None
        did = self.ident(rec.get("id"), "deck id")
        title = self.text(rec.get("title"), "deck title") if "title" in rec.index else None
        if did is None or ("title" in rec.index and title is None):
            return None
        return DeckInfo(did, title or did)

    def category(self, key: YScalar, node: YNode) -> Category | None:
        cid = self.define("category", key, "category")
        label = self.bilingual(node, f"category '{key.text}'")
        return Category(cid, label) if cid is not None and label is not None else None

    def term(self, node: YNode) -> Term | None:
        rec = self.record(node, F.TERM_FIELDS, "a term")
        if rec is None:
            return None
        tid = self.define("term", rec.get("id"), "term")
        ja = self.text(rec.get("ja"), "ja")
        reading = self.reading(rec.get("reading"))
        en_node = rec.get("en")
        en = self.text(en_node, "en") if en_node is not None else ""
        if en_node is None:
            self.missing_en.append(rec.pos)
        category = self.ident(rec.get("category"), "category")
        cat_node = rec.get("category")
        if category is not None and cat_node is not None:
            self.refs.append(Ref("category", category, cat_node.pos))
        definition = self.bilingual(rec.get("definition"), "definition")
        sources = self.citations(rec.get("sources"))
        evidence = self.choice_of(rec.get("evidence"), EVIDENCE_LEVELS, "evidence")
        abbr = self.texts(rec.get("abbr"), "abbr")
        aliases = self.variants(rec.get("aliases"), "aliases")
        search_keys = self.variants(rec.get("search_keys"), "search_keys")
        related = self.refs_list(rec.get("related"), "term", "related")
        rel_node = rec.get("related")
        if tid is not None and tid in related and rel_node is not None:
            listed = rel_node.items if isinstance(rel_node, YSeq) else [rel_node]
            at = next((n for n in listed if isinstance(n, YScalar) and n.text.strip() == tid), rel_node)
            self.error(at.pos, f"term '{tid}' lists itself in related")
        note = self.bilingual(rec.get("note"), "note")
        checked = rec.get("reading_checked")
        reading_checked = bool(self.boolean(checked, "reading_checked")) if checked else False
        formerly = self.former_ids(rec.get("formerly"), "term")
        reading_node = rec.get("reading")
        if ja and reading and reading_node is not None:
            where = Ref("reading", reading, reading_node.pos)
            self.readings.append((ja, reading, reading_checked, where))
        if not (tid and ja and reading and en is not None and category and definition and sources
                and evidence):
            return None
        return Term(
            tid, ja, reading, en, category, definition, sources, _evidence(evidence),
            abbr, aliases, related, note, reading_checked, search_keys, formerly,
        )

    def reading(self, node: YNode | None) -> str | None:
        value = self.text(node, "reading")
        if value is None or node is None:
            return None
        bad = [ch for ch in value if not ("\u3041" <= ch <= "\u3096" or ch in "ーゝゞ")]  # hiragana
        if bad:
            katakana = [ch for ch in bad if "\u30a1" <= ch <= "\u30f6"]
            if len(katakana) == len(bad):
                fixed = "".join(chr(ord(c) - 0x60) if "\u30a1" <= c <= "\u30f6" else c for c in value)
                self.error(node.pos, f"reading {value!r} must be hiragana; write {fixed!r}")
            else:
                self.error(node.pos, f"reading {value!r} must be kana (hiragana), found {bad[0]!r}")
            return None
        return value

    def case(self, node: YNode) -> Case | None:
        rec = self.record(node, F.CASE_FIELDS, "a case")
        if rec is None:
            return None
        cid = self.define("case", rec.get("id"), "case")
        title = self.bilingual(rec.get("title"), "title")
        scenario = self.bilingual(rec.get("scenario"), "scenario")
        sources = self.citations(rec.get("sources"))
        if not (cid and title and scenario and sources):
            return None
        return Case(cid, title, scenario, sources)

    def item(self, node: YNode) -> QuizItem | None:
        if not isinstance(node, YMap):
            if not self.reported(node):
                self.error(node.pos, "a quiz item must be a mapping (key: value lines)")
            return None
        qtype = self.choice_of(node.get("type"), QUIZ_TYPES, "type")
        if qtype is None:
            if node.get("type") is None:
                self.error(node.pos, "a quiz item is missing required field 'type'")
            return None
        allowed = {**F.ITEM_COMMON_FIELDS, **F.ITEM_TYPE_FIELDS[_qtype(qtype)]}
        rec = self.record(node, allowed, f"a {qtype} item")
        assert rec is not None
        iid = self.define("item", rec.get("id"), "item")
        prompt = self.bilingual(rec.get("prompt"), "prompt")
        explanation = self.bilingual(rec.get("explanation"), "explanation")
        sources = self.citations(rec.get("sources"))
        evidence = self.choice_of(rec.get("evidence"), EVIDENCE_LEVELS, "evidence")
        terms = self.refs_list(rec.get("terms"), "term", "terms")
        tags = tuple(t for t in (self.ident(n, "tag", F.TAG_RE) for n in _listed(rec.get("tags"), self)) if t)
        section = self.choice_of(rec.get("section"), SECTIONS, "section")
        case = self.refs_list(rec.get("case"), "case", "case")
        if case and rec.get("section") is None:
            section = "状況設定"  # a case is a 状況設定 scenario: its questions belong there
        formerly = self.former_ids(rec.get("formerly"), "item")
        body = self.body(_qtype(qtype), rec)
        if not (iid and prompt and explanation and sources and evidence and body):
            return None
        return QuizItem(
            iid, prompt, explanation, sources, _evidence(evidence), body, terms, tags,
            _section(section), case[0] if case else None, formerly,
        )

    def body(self, qtype: QuizType, rec: YMap) -> ItemBody | None:
        return read_body(self, qtype, rec)

    def pair(self, node: YNode) -> MatchPair | None:
        rec = self.record(node, F.PAIR_FIELDS, "a matching pair")
        if rec is None:
            return None
        left = self.bilingual(rec.get("left"), "left")
        right = self.bilingual(rec.get("right"), "right")
        return MatchPair(left, right) if left and right else None


def _number_hint(node: YScalar) -> str:
    """How to write as a YAML number a text that reads as one (quoted, full-width, with
    thousands separators or a unit)."""
    try:
        typed = read_number(node.text)
    except NotANumber:
        return ""
    plain = format(typed.value, "f")
    if typed.unit:
        return f"; write the number alone ({plain}) and the unit in `unit:`"
    return f"; write {plain} ({'without quotes' if not node.plain else 'ASCII digits, no separators'})"


def _listed(node: YNode | None, reader: Reader) -> list[YNode]:
    if node is None:
        return []
    if isinstance(node, YScalar):
        return [node]
    return reader.seq(node, "tags", allow_empty=True)


def _trust(value: str) -> Trust:
    assert value in TRUST_LEVELS
    return value


def _evidence(value: str) -> Evidence:
    assert value in EVIDENCE_LEVELS
    return value


def _section(value: str | None) -> Section | None:
    assert value is None or value in SECTIONS
    return value


def _qtype(value: str) -> QuizType:
    assert value in BODY_TYPES
    return value


# -- the type-specific part of quiz items: choices, answers, blanks, pairs ---------
def read_body(r: Reader, qtype: QuizType, rec: YMap) -> ItemBody | None:
    if qtype == "single":
        return _single(r, rec)
    if qtype == "multi":
        return _multi(r, rec)
    if qtype == "truefalse":
        answer = r.boolean(rec.get("answer"), "answer")
        return TrueFalseBody(answer) if answer is not None else None
    if qtype == "typed":
        typed = r.bilingual(rec.get("answer"), "answer")
        accept = r.variants(rec.get("accept"), "accept")
        strict_node = rec.get("strict")
        strict = r.boolean(strict_node, "strict") if strict_node is not None else False
        return TypedBody(typed, accept, strict) if typed and strict is not None else None
    if qtype == "cloze":
        return _cloze(r, rec)
    if qtype == "numeric":
        return _numeric(r, rec)
    return _matching(r, rec)


def _choices(r: Reader, rec: YMap) -> tuple[Choice, ...] | None:
    node = rec.get("choices")
    if node is None or r.reported(node):
        return None
    if not isinstance(node, YMap):
        r.error(node.pos, "choices must be a mapping of id → {ja, en}, e.g. `a: {ja: …, en: …}`")
        return None
    out: list[Choice] = []
    seen: dict[str, str] = {}
    for key, value in node.entries:
        cid = r.ident(key, "choice id", F.CHOICE_ID_RE)
        text = r.bilingual(value, f"choice '{key.text}'")
        if cid is None or text is None:
            continue
        for lang, t in (("ja", text.ja), ("en", text.en)):
            if not t:
                continue  # no English given
            other = seen.get(f"{lang}:{t}")
            if other is not None:
                message = f"choice '{cid}' repeats the {lang} text of choice '{other}'"
                r.error(_field_pos(value, lang), message)
            seen[f"{lang}:{t}"] = cid
        out.append(Choice(cid, text.ja, text.en))
    if not F.MIN_CHOICES <= len(node.entries) <= F.MAX_CHOICES:
        found = len(node.entries)
        r.error(_key_pos(rec, "choices"), f"give {F.MIN_CHOICES}–{F.MAX_CHOICES} choices (found {found})")
        return None
    return tuple(out) if len(out) == len(node.entries) else None


def _answer_id(r: Reader, node: YNode | None, choices: tuple[Choice, ...]) -> str | None:
    ids = [c.id for c in choices]
    if isinstance(node, YScalar) and scalar_kind(node) == "int" and node.text not in ids:
        # `answer: 4` meaning the 4th choice: say what the answer is, not how to quote it
        n = int(node.text.replace("_", ""))
        hint = (f"did you mean `{ids[n - 1]}` (the {_ordinal(n)} choice)?" if 1 <= n <= len(ids)
                else f"use one of {', '.join(ids)}")
        r.error(node.pos, f"answer is a choice id, not a number; {hint}")
        return None
    value = r.text(node, "answer")
    if value is None or node is None:
        return None
    if value not in ids:
        listed = ", ".join(ids)
        r.error(node.pos, f"answer {value!r} is not one of the choices ({listed}){did_you_mean(value, ids)}")
        return None
    return value


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _single(r: Reader, rec: YMap) -> SingleBody | None:
    choices = _choices(r, rec)
    if choices is None:
        return None
    answer = _answer_id(r, rec.get("answer"), choices)
    return SingleBody(choices, answer) if answer else None


def _multi(r: Reader, rec: YMap) -> MultiBody | None:
    choices = _choices(r, rec)
    select = r.integer(rec.get("select"), "select")
    answers_node = rec.get("answers")
    if choices is None or answers_node is None:
        return None
    answers: list[str] = []
    listed = r.seq(answers_node, "answers")
    for node in listed:
        value = _answer_id(r, node, choices)
        if value is not None:
            if value in answers:
                r.error(node.pos, f"answer '{value}' is listed twice")
            answers.append(value)
    if select is None or not listed or len(answers) != len(listed):
        return None
    select_node = rec.get("select")
    assert select_node is not None
    if select != len(answers):
        r.error(select_node.pos, f"select is {select} but {len(answers)} answers are listed")
        return None
    if not 1 <= select < len(choices):
        r.error(select_node.pos, f"select must be between 1 and {len(choices) - 1}")
        return None
    return MultiBody(choices, tuple(answers), select)


def _cloze(r: Reader, rec: YMap) -> ClozeBody | None:
    node = rec.get("text")
    text = r.bilingual(node, "text")
    if text is None or node is None:
        return None
    counts: dict[str, int] = {}
    for lang in ("ja", "en") if text.en else ("ja",):
        try:
            counts[lang] = count_blanks(text.get(lang))
        except ClozeSyntaxError as err:
            r.error(_field_pos(node, lang), f"text.{lang}: {err}")
            return None
        if counts[lang] == 0:
            r.error(_field_pos(node, lang), f"text.{lang} has no blank; mark one as [[answer]]")
            return None
    if text.en and counts["ja"] != counts["en"]:
        ja, en = (f"{n} blank{'s' * (n != 1)}" for n in (counts["ja"], counts["en"]))
        r.error(_field_pos(node, "en"), f"text.en has {en} but text.ja has {ja}; give both the same blanks")
        return None
    readings = _cloze_readings(r, rec.get("readings"), text.ja)
    return ClozeBody(text, readings) if readings is not None else None


def _cloze_readings(r: Reader, node: YNode | None, text: str) -> tuple[tuple[str, str], ...] | None:
    """`readings: {answer: reading}`: each answer one of the Japanese blanks' spellings."""
    if node is None or r.reported(node):
        return () if node is None else None
    if not isinstance(node, YMap):
        r.error(node.pos, "readings must be a mapping of blank answer → reading, e.g. "
                          "`{情報伝達: じょうほうでんたつ}`")
        return None
    answers = [a for part in parse_cloze(text) if isinstance(part, Blank) for a in part.answers]
    out: list[tuple[str, str]] = []
    ok = True
    for key, value in node.entries:
        answer = r.text(key, "a readings answer")
        reading = r.reading(value)
        if answer is not None and answer not in answers:
            listed = ", ".join(answers)
            r.error(key.pos, f"readings: {answer!r} is not an answer of a blank in text.ja "
                             f"({listed}){did_you_mean(answer, answers)}")
            answer = None
        if answer is None or reading is None:
            ok = False
            continue
        out.append((answer, reading))
    return tuple(out) if ok else None


def _matching(r: Reader, rec: YMap) -> MatchingBody | None:
    node = rec.get("pairs")
    if node is None:
        return None
    pairs: list[MatchPair] = []
    items = r.seq(node, "pairs")
    for item in items:
        pair = r.pair(item)
        if pair is not None:
            pairs.append(pair)
    if len(pairs) != len(items):
        return None
    if len(pairs) < F.MIN_PAIRS:
        message = f"a matching item needs at least {F.MIN_PAIRS} pairs (found {len(pairs)})"
        r.error(_key_pos(rec, "pairs"), message)
        return None
    for side in ("left", "right"):
        for lang in ("ja", "en"):
            values = [getattr(getattr(p, side), lang) for p in pairs]
            for i, value in enumerate(values):
                if value and value in values[:i]:
                    where = _field_pos(_field(items[i], side), lang)
                    r.error(where, f"{side}.{lang} {value!r} appears in two pairs")
                    return None
    return MatchingBody(tuple(pairs))


def _numeric(r: Reader, rec: YMap) -> NumericBody | None:
    """answer (a number), optional unit (text, or {ja, en}), tolerance ≥ 0, decimals 0–6;
    an answer with more decimal places than `decimals` asks for is refused."""
    answer_node, tol_node, dec_node = rec.get("answer"), rec.get("tolerance"), rec.get("decimals")
    answer = r.number(answer_node, "answer")
    tolerance = r.number(tol_node, "tolerance") if tol_node is not None else 0
    decimals = r.integer(dec_node, "decimals") if dec_node is not None else None
    unit = _unit(r, rec.get("unit"))
    ok = answer is not None and tolerance is not None and (dec_node is None or decimals is not None)
    if tolerance is not None and tolerance < 0 and tol_node is not None:
        found = format_number(as_decimal(tolerance))
        r.error(tol_node.pos, f"tolerance must not be negative (found {found}); it is how far "
                              "either side of the answer still counts as right")
        ok = False
    if decimals is not None and dec_node is not None and not 0 <= decimals <= F.MAX_DECIMALS:
        r.error(dec_node.pos, f"decimals must be between 0 and {F.MAX_DECIMALS} (found {decimals})")
        ok = False
    elif decimals is not None and answer is not None and answer_node is not None:
        exact = as_decimal(answer)
        places = decimal_places(exact)
        if places > decimals:
            r.error(answer_node.pos, f"answer {format(exact, 'f')} has {places} decimal places but "
                                     f"decimals is {decimals}; give the answer rounded as learners must: "
                                     f"{format_number(round_to(exact, decimals))}")
            ok = False
    if not ok or isinstance(unit, bool) or answer is None or tolerance is None:
        return None
    return NumericBody(answer, unit, tolerance, decimals)


def _unit(r: Reader, node: YNode | None) -> Bilingual | None | bool:
    """A unit written once (`mL`) or per language (`{ja: 滴/分, en: drops/min}`); False
    when it is given but unusable (already reported)."""
    if node is None:
        return None
    if isinstance(node, YMap):
        return r.bilingual(node, "unit") or False
    text = r.text(node, "unit")
    return Bilingual(text, text) if text is not None else False


def _field(node: YNode, name: str) -> YNode:
    """The value of `name` in a mapping node, else the node itself (for positions)."""
    found = node.get(name) if isinstance(node, YMap) else None
    return found if found is not None else node


def _field_pos(node: YNode, name: str) -> Pos:
    return _field(node, name).pos


def _key_pos(rec: YMap, name: str) -> Pos:
    """Where the key `name` is written: errors about a whole list or mapping point there."""
    found = rec.index.get(name)
    return found[0].pos if found is not None else rec.pos
