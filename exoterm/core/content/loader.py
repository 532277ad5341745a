"""Load content files into a Deck: read bytes, check encoding and size, compose, read, resolve ids.

Errors are collected across all files (never first-only) and returned as diagnostics;
`load_deck` gives a Deck only when there are none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from exoterm.core.content import fields as F
from exoterm.core.content.cache import content_hash
from exoterm.core.content.decks import merge
from exoterm.core.content.diagnostics import Diagnostic, Pos, did_you_mean, sort_key
from exoterm.core.content.models import Case, Category, Deck, DeckInfo, QuizItem, Source, Term
from exoterm.core.content.placeholders import expand
from exoterm.core.content.reader import Reader, Ref
from exoterm.core.content.yamlnodes import YMap, YNode, compose

Kind = Literal["sources", "glossary", "quiz"]
KINDS: tuple[Kind, ...] = ("sources", "glossary", "quiz")


@dataclass
class FileContent:
    """What one file contributed, with the ids it defines and refers to."""

    path: str
    kind: Kind
    sources: list[Source] = field(default_factory=list)
    categories: list[Category] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    items: list[QuizItem] = field(default_factory=list)
    defs: list[Ref] = field(default_factory=list)
    refs: list[Ref] = field(default_factory=list)
    readings: list[tuple[str, str, bool, Ref]] = field(default_factory=list)
    formerly: list[Ref] = field(default_factory=list)
    deck: DeckInfo | None = None  # the `deck:` header, in a sources file
    deck_pos: Pos | None = None
    broken: bool = False  # unreadable or not YAML: its ids are unknown, so refs into it are not checked


# Which file kind defines each kind of id: references into a broken file are not reported.
DEFINED_IN: dict[str, Kind] = {
    "source": "sources", "category": "glossary", "term": "glossary", "case": "quiz", "item": "quiz",
}


@dataclass
class LoadResult:
    deck: Deck | None
    diagnostics: list[Diagnostic]

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]


def read_text(path: Path, errors: list[Diagnostic]) -> str | None:
    """The file's text, or None with an error for unreadable, oversized or non-UTF-8 files."""
    shown = str(path)
    try:
        size = path.stat().st_size
        if size > F.MAX_FILE_BYTES:
            limit = F.MAX_FILE_BYTES // (1024 * 1024)
            errors.append(Diagnostic(Pos(shown, 1, 1), f"file is {size:,} bytes; the limit is {limit} MB"))
            return None
        data = path.read_bytes()
    except OSError as exc:
        errors.append(Diagnostic(Pos(shown, 1, 1), f"cannot read file: {exc.strerror or exc}"))
        return None
    return decode(data, shown, errors)


def decode(data: bytes, shown: str, errors: list[Diagnostic]) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        # Column in characters: the line's text before the bad byte is valid UTF-8.
        start = data.rfind(b"\n", 0, exc.start) + 1
        col = len(data[start : exc.start].decode("utf-8", "replace")) + 1
        byte = data[exc.start]
        errors.append(
            Diagnostic(Pos(shown, line, col), f"file is not UTF-8 (byte 0x{byte:02X}){_encoding_hint(data)}")
        )
        return None


_KANA = re.compile("[\u3041-\u3096\u30a1-\u30fa]")


def _encoding_hint(data: bytes) -> str:
    """Name the encoding a non-UTF-8 file probably is in; Shift_JIS only when kana decode."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "; it looks like UTF-16: save it as UTF-8"
    try:
        if _KANA.search(data.decode("cp932")):
            return "; it looks like Shift_JIS: save it as UTF-8"
    except UnicodeDecodeError:
        pass
    return "; save it as UTF-8"


def detect_kind(path: Path, root: YNode | None) -> Kind | None:
    """The kind a file's name says (sources/glossary/quiz), else its top-level keys."""
    name = path.name.lower()
    for kind in KINDS:
        if kind in name:
            return kind
    if isinstance(root, YMap):
        keys = set(root.index)
        if "sources" in keys:
            return "sources"
        if keys & {"terms", "categories"}:
            return "glossary"
        if keys & {"items", "cases"}:
            return "quiz"
    return None


def parse_file(path: Path, errors: list[Diagnostic], kind: Kind | None = None) -> FileContent | None:
    """Read one file into a FileContent; problems go to `errors`."""
    text = read_text(path, errors)
    shown = str(path)
    if text is None:
        kind = kind or detect_kind(path, None)
        return FileContent(shown, kind, broken=True) if kind is not None else None
    before = len(errors)
    root = compose(text, shown, errors)
    kind = kind or detect_kind(path, root)
    if root is None:  # a syntax error (already reported), or nothing but comments
        if len(errors) == before:
            errors.append(Diagnostic(Pos(shown, 1, 1), "file is empty (no YAML content)"))
        return FileContent(shown, kind, broken=len(errors) > before) if kind is not None else None
    if kind is None:
        if isinstance(root, YMap):
            message = (
                "cannot tell what this file is: name it sources.yaml, glossary.yaml or "
                "quiz.yaml, or give it a `sources:`/`terms:`/`items:` key"
            )
        else:
            message = "a content file must be a mapping with a `sources:`, `terms:` or `items:` key"
        errors.append(Diagnostic(root.pos, message))
        return None
    content = FileContent(shown, kind)
    reader = Reader(errors)
    top = reader.record(root, F.FILE_KEYS[kind], f"a {kind} file")
    if top is not None:
        _read_top(reader, top, content)
    content.defs, content.refs, content.readings = reader.defs, reader.refs, reader.readings
    content.formerly = reader.formerly
    if reader.missing_en:
        n = len(reader.missing_en)
        errors.append(Diagnostic(
            reader.missing_en[0], f"{n} text{'s' * (n > 1)} in this file {'have' if n > 1 else 'has'} "
            "no English (first here); learners studying in English see the Japanese", "warning",
        ))
    return content


def _read_top(reader: Reader, top: YMap, out: FileContent) -> None:
    def each(name: str) -> list[YNode]:
        node = top.get(name)
        return reader.seq(node, name, allow_empty=True) if node is not None else []

    if out.kind == "sources":
        header = top.get("deck")
        if header is not None:
            out.deck, out.deck_pos = reader.deck(header), header.pos
        out.sources = [s for s in map(reader.source, each("sources")) if s]
    elif out.kind == "glossary":
        cats = top.get("categories")
        if cats is not None:
            if isinstance(cats, YMap):
                for key, value in cats.entries:
                    category = reader.category(key, value)
                    if category:
                        out.categories.append(category)
            else:
                reader.error(cats.pos, "categories must be a mapping of id → {ja, en}")
        out.terms = [t for t in map(reader.term, each("terms")) if t]
    else:
        out.cases = [c for c in map(reader.case, each("cases")) if c]
        out.items = [i for i in map(reader.item, each("items")) if i]


def check_ids(files: Sequence[FileContent], context: Sequence[FileContent], errors: list[Diagnostic]) -> None:
    """Duplicate ids across files, and references that point nowhere (did-you-mean)."""
    kinds = ("source", "category", "term", "case", "item")
    known: dict[str, dict[str, Pos]] = {k: {} for k in kinds}
    for content in context:
        for ref in content.defs:
            known[ref.kind].setdefault(ref.id, ref.pos)
    outside = {k: set(v) for k, v in known.items()}
    for content in files:
        for ref in content.defs:
            first = known[ref.kind].get(ref.id)
            if first is not None and first != ref.pos:
                if ref.id in outside[ref.kind]:
                    message = (f"{ref.kind} id '{ref.id}' is already defined at {first}; "
                               "give yours a new id, or refer to that one instead of redefining it")
                else:
                    message = f"duplicate {ref.kind} id '{ref.id}' (first at {first})"
                errors.append(Diagnostic(ref.pos, message))
            else:
                known[ref.kind][ref.id] = ref.pos
    broken = {c.kind for c in (*context, *files) if c.broken}
    for content in files:
        for ref in content.refs:
            if ref.id not in known[ref.kind] and DEFINED_IN.get(ref.kind) not in broken:
                hint = did_you_mean(ref.id, known[ref.kind])
                errors.append(Diagnostic(ref.pos, f"unknown {ref.kind} id '{ref.id}'{hint}"))
    check_shared_ids(files, errors)
    check_formerly(files, errors)


# Terms, cases and items of one deck share one set of ids, so that an id names one thing
# wherever it appears (links, search, exports). Categories and sources have their own.
SHARED_ID_KINDS = frozenset({"term", "case", "item"})


def check_shared_ids(files: Sequence[FileContent], errors: list[Diagnostic]) -> None:
    """A term, case or item id also used by a record of another of these kinds."""
    seen: dict[str, Ref] = {}
    for content in files:
        for ref in content.defs:
            if ref.kind not in SHARED_ID_KINDS:
                continue
            first = seen.setdefault(ref.id, ref)
            if first.kind != ref.kind:  # same-kind duplicates are reported by check_ids
                errors.append(Diagnostic(
                    ref.pos, f"{ref.kind} id '{ref.id}' is already the id of the {first.kind} at "
                    f"{first.pos}; term, case and item ids must all differ",
                ))


def check_formerly(files: Sequence[FileContent], errors: list[Diagnostic]) -> None:
    """A `formerly` id must be retired: not the id of a live term, case or item, and
    claimed by one record only (else whose history would it be?)."""
    live = {ref.id: ref for content in files for ref in content.defs if ref.kind in SHARED_ID_KINDS}
    claimed: dict[str, Ref] = {}
    for content in files:
        for ref in content.formerly:
            owner = live.get(ref.id)
            first = claimed.setdefault(ref.id, ref)
            if owner is not None:
                errors.append(Diagnostic(
                    ref.pos, f"formerly id '{ref.id}' is still the id of the {owner.kind} at "
                    f"{owner.pos}; list only ids that no longer exist",
                ))
            elif first is not ref:
                errors.append(Diagnostic(
                    ref.pos, f"formerly id '{ref.id}' is already claimed at {first.pos}; "
                    "an old id can move its history to one record only",
                ))


def check_cases(files: Iterable[FileContent], errors: list[Diagnostic]) -> None:
    for content in files:
        for item, ref in _item_case_refs(content):
            if item.section not in (None, "状況設定"):
                errors.append(Diagnostic(
                    ref.pos, f"item '{item.id}' belongs to case '{ref.id}' but its section is "
                    f"{item.section}; use 状況設定", "warning",
                ))


def _item_case_refs(content: FileContent) -> Iterable[tuple[QuizItem, Ref]]:
    case_refs = {r.id: r for r in content.refs if r.kind == "case"}
    for item in content.items:
        if item.case and item.case in case_refs:
            yield item, case_refs[item.case]


def load_deck(
    paths: Sequence[Path], *, context: Sequence[Path] = (), check_readings: bool = False,
    ignored: Sequence[Path] = (),
) -> LoadResult:
    """Load `paths` as one deck; `context` files only supply ids to resolve references against.

    `check_readings` adds pykakasi warnings (slow to start: for `exoterm validate` only);
    `ignored` are other YAML files in a deck folder, each worth a warning (not loaded).
    """
    errors: list[Diagnostic] = [
        Diagnostic(Pos(str(p), 1, 1), "not loaded: a deck folder loads sources.yaml, glossary*.yaml "
                   "and quiz*.yaml; rename it (e.g. quiz-week2.yaml) to include it", "warning")
        for p in ignored
    ]
    files = [c for c in (parse_file(p, errors) for p in paths) if c is not None]
    context_errors: list[Diagnostic] = []
    extra = [c for c in (parse_file(p, context_errors) for p in context) if c is not None]
    check_ids(files, extra, errors)
    check_cases(files, errors)
    header = deck_header(files, errors)
    if check_readings and not any(e.severity == "error" for e in errors):
        # pykakasi is slow to start: only worth it for files that otherwise load
        from exoterm.core.content.readings import reading_warnings

        errors.extend(reading_warnings(r for f in files for r in f.readings))
    errors.sort(key=sort_key)
    if any(e.severity == "error" for e in errors):
        return LoadResult(None, errors)
    expand_source_names(files, extra)
    return LoadResult(merge(files, content_hash(paths), decks=header), errors)


def deck_header(files: Sequence[FileContent], errors: list[Diagnostic]) -> tuple[DeckInfo, ...]:
    """The one `deck:` header among `files` (none is fine: the folder names the deck)."""
    found = [c for c in files if c.deck_pos is not None]
    for extra in found[1:]:
        assert extra.deck_pos is not None
        errors.append(Diagnostic(extra.deck_pos, f"a second deck header (the first is at "
                                 f"{found[0].deck_pos}); a deck has one id: study other decks "
                                 "with their own --deck"))
    return (found[0].deck,) if found and found[0].deck is not None else ()


def expand_source_names(files: Sequence[FileContent], context: Sequence[FileContent]) -> None:
    """Replace `{source:ID}` in items and cases by the source's short name (see placeholders)."""
    sources = {s.id: s for content in (*context, *files) for s in content.sources}
    for content in files:
        content.items = [expand(i, sources) for i in content.items]
        content.cases = [expand(c, sources) for c in content.cases]
