"""Strict YAML reading: events → a small positioned node tree, no implicit typing.

PyYAML's own composer resolves `no` to False, `010` to 8 and `2024-04-30` to a date, keeps
the last of two duplicate keys and expands aliases. We read the event stream (from the
libyaml-backed CSafeLoader when available) and build our own nodes instead, so every
scalar keeps its raw text, its quoting style and its line:col, and anchors, aliases,
tags and duplicate keys are reported as errors. Syntax errors are reworded where
libyaml's wording or position would not help a content author (tabs, unclosed quotes and
brackets, `: ` inside text), and nesting deeper than `MAX_DEPTH` is refused with the same
message and position whether or not the installed libyaml has a nesting limit of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import islice
from types import SimpleNamespace
from typing import Any

import yaml

from exoterm.core.content.diagnostics import Diagnostic, Pos
from exoterm.core.textsafety import never_allowed

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _Loader = yaml.SafeLoader


@dataclass(slots=True)
class YScalar:
    """A scalar: `text` as written, `plain` when it was unquoted.

    `reported` marks a stand-in for a value already reported as an error (an alias to
    an unknown anchor): readers skip it silently instead of adding follow-on errors.
    `flaw` is where the first control character the reader refuses is written (a raw
    character or an escape such as `\\e`), when the text has one.
    """

    text: str
    plain: bool
    pos: Pos
    reported: bool = False
    flaw: Pos | None = None


@dataclass(slots=True)
class YSeq:
    items: list[YNode]
    pos: Pos
    flow: bool = False


@dataclass(slots=True)
class YMap:
    entries: list[tuple[YScalar, YNode]]
    pos: Pos
    index: dict[str, tuple[YScalar, YNode]] = field(default_factory=dict)

    def get(self, name: str) -> YNode | None:
        found = self.index.get(name)
        return found[1] if found else None


YNode = YScalar | YSeq | YMap

# Plain scalars YAML 1.1 tools turn into something other than text.
_BOOL11 = re.compile(r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$")
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$")
_INT_ODD = re.compile(
    r"^[-+]?(?:0[0-7_]+|0b[01_]+|0x[0-9a-fA-F_]+|0o[0-7]+|[0-9][0-9_]*(?::[0-5]?[0-9])+)$"
)
_FLOAT = re.compile(
    r"^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+][0-9]+)?$|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$"
)
_DATE = re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ].*)?$")


def scalar_kind(node: YScalar) -> str:
    """What a YAML 1.1 reader would make of this scalar: str, bool, bool11, null, int, …"""
    if not node.plain:
        return "str"
    text = node.text
    if _BOOL.match(text):
        return "bool"
    if _BOOL11.match(text):
        return "bool11"
    if _NULL.match(text):
        return "null"
    if _INT.match(text):
        return "int"
    if _INT_ODD.match(text):
        return "odd-number"
    if _FLOAT.match(text) and text not in (".", "-.", "+."):
        return "float"
    if _DATE.match(text):
        return "date"
    return "str"


def _pos(mark: Any, path: str) -> Pos:
    if mark is None:
        return Pos(path, 1, 1)
    return Pos(path, mark.line + 1, mark.column + 1)


MAX_DEPTH = 64  # content needs about 6 levels; deeper input would exhaust the stack


class _TooDeep(Exception):
    def __init__(self, pos: Pos) -> None:
        super().__init__(pos)
        self.pos = pos


def compose(text: str, path: str, errors: list[Diagnostic]) -> YNode | None:
    """Parse one YAML document into nodes; append problems to `errors`.

    Returns None when the text is not usable YAML (the syntax error is in `errors`).
    """
    start = len(errors)
    indented = _fullwidth_indent(text)
    if indented is not None:  # YAML would read it as part of a key: report it, not what follows
        line, col = indented
        errors.append(Diagnostic(Pos(path, line, col), _FW_INDENT))
        return None
    try:
        return _Composer(text, path, errors).run()
    except yaml.MarkedYAMLError as exc:
        if _is_libyaml_depth_limit(exc):
            del errors[start:]  # the search below reads the same events again
            errors.append(Diagnostic(_first_too_deep(text, path, errors, exc), _TOO_DEEP))
        else:
            errors.append(syntax_error(exc, text, path))
    except yaml.reader.ReaderError as exc:
        where = _offset_pos(text, exc.position, path)
        char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        errors.append(Diagnostic(where, f"control character U+{char:04X} is not allowed in YAML; remove it"))
    except _TooDeep as exc:
        errors.append(Diagnostic(exc.pos, _TOO_DEEP))
    except yaml.YAMLError as exc:
        message = " ".join(str(exc).split())
        errors.append(Diagnostic(Pos(path, 1, 1), f"YAML syntax error: {message}"))
    return None


_TOO_DEEP = f"YAML nested more than {MAX_DEPTH} levels deep"


def _is_libyaml_depth_limit(exc: yaml.MarkedYAMLError) -> bool:
    """libyaml ≥ 0.2.6 (bundled from PyYAML 6.0.4) refusing input past its own nesting limit.

    The error has no type of its own, so its text is the only way to tell it apart.
    """
    return _Loader is not yaml.SafeLoader and "nesting" in f"{exc.problem} {exc.context}"


def _first_too_deep(text: str, path: str, errors: list[Diagnostic], exc: yaml.MarkedYAMLError) -> Pos:
    """Where nesting first passes MAX_DEPTH, for input that libyaml refused as too deep.

    libyaml's limit (1000) is above ours, but inside `[`/`{` its scanner reads up to 1024
    characters ahead and so can fail before the composer sees level MAX_DEPTH + 1. The
    pure-Python parser has no limit and yields events lazily: composing with it stops at
    the same place an older libyaml would. It reads only up to the end of the line libyaml
    stopped on, which must hold the too-deep node.
    """
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return Pos(path, 1, 1)
    line_end = next(islice(_BREAKS.finditer(text), mark.line, None), None)
    prefix = text[: line_end.end()] if line_end else text
    try:
        _Composer(prefix, path, errors, yaml.SafeLoader).run()
    except _TooDeep as deep:
        return deep.pos
    except yaml.YAMLError:
        pass
    return _pos(mark, path)  # pragma: no cover - libyaml deeper than MAX_DEPTH always reaches it


_BREAKS = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")


def _char_at(text: str, mark: Any) -> str:
    """The character at a libyaml mark ('' past the end)."""
    if mark is None:
        return ""
    lines = _BREAKS.split(text)
    if mark.line >= len(lines):
        return ""
    line = lines[mark.line]
    return line[mark.column] if mark.column < len(line) else ""


def _offset_pos(text: str, offset: int, path: str) -> Pos:
    """Line:col of a reader-error offset (bytes of UTF-8 for libyaml, characters otherwise)."""
    if _Loader is not yaml.SafeLoader:
        prefix = text.encode("utf-8")[:offset].decode("utf-8", "ignore")
    else:  # pragma: no cover - PyYAML without libyaml
        prefix = text[:offset]
    lines = _BREAKS.split(prefix)
    return Pos(path, len(lines), len(lines[-1]) + 1)


def syntax_error(exc: yaml.MarkedYAMLError, text: str, path: str) -> Diagnostic:
    """libyaml's error reworded for content authors, at the most useful position."""
    mark, message = _explain(exc, text)
    return Diagnostic(_pos(mark, path), f"YAML syntax error: {message}")


_FW_KEY = re.compile(r"^[ ]*(?:-[ ]+)?([^\s:#'\"\[\]{}]+?)\uff1a")


def fullwidth_mistake(line: str) -> tuple[int, str] | None:
    """(0-based column, message) of a full-width space in `line`'s indentation or a full-width
    colon after its key: YAML reads neither as syntax, so libyaml fails later and elsewhere."""
    stripped = line.lstrip(" ")
    if stripped.startswith("\u3000"):
        return len(line) - len(stripped), _FW_INDENT
    found = _FW_KEY.match(line)
    if found:
        return found.end() - 1, (
            f"a full-width colon '：' (U+FF1A) follows '{found.group(1)}'; write an ASCII ':' and a space")
    return None


_FW_INDENT = "a full-width space (U+3000) is used for indentation; indent with ASCII spaces"
# A full-width space before what looks like a key or a list item (prose in a `|` block may
# well start with one, but not followed by `name:`).
_FW_INDENT_LINE = re.compile(r"^( *\u3000[ \u3000]*)(?:- |[A-Za-z_][A-Za-z0-9_]*[ ]*[:：])", re.MULTILINE)


def _fullwidth_indent(text: str) -> tuple[int, int] | None:
    """1-based line:col of the first full-width space indenting a key or list item."""
    if "\u3000" not in text:
        return None
    found = _FW_INDENT_LINE.search(text)
    if found is None:
        return None
    line = text.count("\n", 0, found.start()) + 1
    return line, found.group(1).index("\u3000") + 1


_FW_LOOKBACK = 5  # lines before a syntax error searched for a full-width mistake


def _fullwidth_near(text: str, mark: Any) -> tuple[Any, str] | None:
    """The nearest full-width mistake at or just before a syntax error's line."""
    if mark is None:
        return None
    lines = _BREAKS.split(text)
    for n in range(min(mark.line, len(lines) - 1), max(-1, mark.line - _FW_LOOKBACK - 1), -1):
        found = fullwidth_mistake(lines[n])
        if found is not None:
            return SimpleNamespace(line=n, column=found[0]), found[1]
    return None


def _explain(exc: yaml.MarkedYAMLError, text: str) -> tuple[Any, str]:
    problem = " ".join((exc.problem or exc.context or "invalid YAML").split())
    context = exc.context or ""
    mark, start = exc.problem_mark or exc.context_mark, exc.context_mark
    if _char_at(text, mark) == "\t":
        return mark, "a tab is used for indentation; indent with spaces"
    fullwidth = _fullwidth_near(text, mark)
    if fullwidth is not None:
        return fullwidth
    if "end of stream" in problem and "quoted scalar" in context and start is not None:
        return start, f"the text opened with {_char_at(text, start) or 'a quote'} here is never closed"
    if "flow" in context and start is not None and mark is not None and mark.line > start.line:
        bracket = _char_at(text, start)
        closing = {"[": "]", "{": "}"}.get(bracket)
        if closing:
            return start, f"the {bracket} opened here is not closed with {closing}"
    if problem.startswith("mapping values are not allowed"):
        return mark, "unexpected ':'; quote a text that contains ': ' (or fix the indentation)"
    if problem.startswith(("did not find expected key", "did not find expected '-'", "expected <block end>")):
        return mark, f"{problem} (check the indentation of this line)"
    return mark, problem


_SIMPLE_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f",
    "r": "\r", "e": "\x1b", "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029",
}
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}


def _unescape(source: str, i: int) -> tuple[str, int]:
    """The character a double-quoted escape at `source[i]` makes ('' for one that makes
    no control character) and the escape's length."""
    kind = source[i + 1]
    if kind in _HEX_ESCAPES:
        digits = source[i + 2 : i + 2 + _HEX_ESCAPES[kind]]
        try:
            return chr(int(digits, 16)), 2 + len(digits)
        except (ValueError, OverflowError):
            return "", 2
    return _SIMPLE_ESCAPES.get(kind, ""), 2


def _show_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


class _Composer:
    def __init__(self, text: str, path: str, errors: list[Diagnostic], loader: type | None = None) -> None:
        self.events = iter(yaml.parse(text, Loader=loader or _Loader))
        self.text = text
        self.path = path
        self.errors = errors
        self.anchors: dict[str, YNode] = {}
        self.depth = 0

    def run(self) -> YNode | None:
        root: YNode | None = None
        documents = 0
        for event in self.events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    self.errors.append(
                        Diagnostic(
                            _pos(event.start_mark, self.path),
                            "only one YAML document per file (remove the second `---`)",
                        )
                    )
                    return root
                root = self._node(next(self.events))
        return root

    def _check_props(self, event: yaml.Event) -> None:
        pos = _pos(event.start_mark, self.path)
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            self.errors.append(
                Diagnostic(pos, f"anchors are not allowed (&{anchor}); write the value out")
            )
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in ("!", "tag:yaml.org,2002:str"):
            self.errors.append(Diagnostic(pos, f"explicit tags are not allowed ({_show_tag(tag)})"))

    def _node(self, event: yaml.Event, in_list: bool = False) -> YNode:
        pos = _pos(event.start_mark, self.path)
        if isinstance(event, yaml.AliasEvent):
            self.errors.append(
                Diagnostic(pos, f"aliases are not allowed (*{event.anchor}); write the value out")
            )
            # Read on with the anchored value (or a silent stand-in) so the one mistake
            # does not also show up as follow-on errors.
            anchored = self.anchors.get(str(event.anchor))
            return anchored if anchored is not None else YScalar("", False, pos, reported=True)
        self._check_props(event)
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _TooDeep(pos)
        try:
            node = self._value(event, pos, in_list)
        finally:
            self.depth -= 1
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            self.anchors[str(anchor)] = node
        return node

    def _value(self, event: yaml.Event, pos: Pos, in_list: bool = False) -> YNode:
        if isinstance(event, yaml.ScalarEvent):
            explicit_str = event.tag == "tag:yaml.org,2002:str"
            plain = not event.style and not explicit_str
            flaw = self._flaw(event) if never_allowed(event.value) is not None else None
            return YScalar(event.value, plain, pos, flaw=flaw)
        if isinstance(event, yaml.SequenceStartEvent):
            seq = YSeq([], pos, bool(event.flow_style))
            for item in self.events:
                if isinstance(item, yaml.SequenceEndEvent):
                    break
                seq.items.append(self._node(item, in_list=True))
            return seq
        if isinstance(event, yaml.MappingStartEvent):
            return self._mapping(pos, in_list)
        raise yaml.YAMLError(f"unexpected YAML event {type(event).__name__}")

    def _flaw(self, event: yaml.ScalarEvent) -> Pos | None:
        """line:col of the first refused control character in a scalar's source: a raw
        character, or in a double-quoted scalar the escape that produces one."""
        start, end = event.start_mark, event.end_mark
        if start is None or end is None:
            return None
        source = self.text[start.index : end.index]
        line, col = start.line + 1, start.column + 1
        escapes = event.style == '"'
        i = 0
        while i < len(source):
            ch = source[i]
            width = 1
            if escapes and ch == "\\" and i + 1 < len(source):
                made, width = _unescape(source, i)
                if made and never_allowed(made) is not None:
                    return Pos(self.path, line, col)
            elif ch not in "\t\r\n\x85" and never_allowed(ch) is not None:
                return Pos(self.path, line, col)
            for j in range(i, min(i + width, len(source))):
                if source[j] in "\n\x85\u2028\u2029" or (
                    source[j] == "\r" and source[j + 1 : j + 2] != "\n"
                ):
                    line, col = line + 1, 1
                else:
                    col += 1
            i += width
        return None

    def _mapping(self, pos: Pos, in_list: bool = False) -> YMap:
        """A mapping; duplicate keys are errors. In a list item, a repeat of the item's first
        key means the next item lacks its `- `: said once, not once per repeated key."""
        ymap = YMap([], pos)
        merged = False  # a second list item was read into this one
        for key_event in self.events:
            if isinstance(key_event, yaml.MappingEndEvent):
                break
            key = self._node(key_event)
            value = self._node(next(self.events))
            if not isinstance(key, YScalar):
                self.errors.append(Diagnostic(key.pos, "mapping keys must be plain names"))
                continue
            if isinstance(value, YScalar) and value.plain and not value.text:
                value.pos = key.pos  # `en:` with nothing after it: point at the key, not past it
            first = ymap.index.get(key.text)
            if first is not None and in_list and not merged and key.text == ymap.entries[0][0].text:
                merged = True
                self.errors.append(Diagnostic(
                    key.pos, f"'{key.text}' again (first at line {first[0].pos.line}): a new list "
                    f"item probably lacks its `- ` (write `- {key.text}: …`)",
                ))
                continue
            if first is not None and merged:
                continue  # a key of the item that lacks `- `: already reported
            if first is not None:
                self.errors.append(
                    Diagnostic(
                        key.pos,
                        f"duplicate key '{key.text}' (first at line {first[0].pos.line}); "
                        "YAML would silently keep only the last one",
                    )
                )
                continue
            ymap.index[key.text] = (key, value)
            ymap.entries.append((key, value))
        return ymap
