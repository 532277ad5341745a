"""Strict YAML reading: events → a small positioned node tree, no implicit typing.

PyYAML's own composer resolves `no` to False, `010` to 8 and `2024-04-30` to a date, keeps
the last of two duplicate keys and expands aliases. We read the event stream (from the
libyaml-backed CSafeLoader when available) and build our own nodes instead, so every
scalar keeps its raw text, its quoting style and its line:col, and anchors, aliases,
tags and duplicate keys are reported as errors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from exoterm.core.content.diagnostics import Diagnostic, Pos

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _Loader = yaml.SafeLoader


@dataclass(slots=True)
class YScalar:
    """A scalar: `text` as written, `plain` when it was unquoted."""

    text: str
    plain: bool
    pos: Pos


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


def compose(text: str, path: str, errors: list[Diagnostic]) -> YNode | None:
    """Parse one YAML document into nodes; append problems to `errors`.

    Returns None when the text is not usable YAML (the syntax error is in `errors`).
    """
    try:
        return _Composer(text, path, errors).run()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        errors.append(Diagnostic(_pos(mark, path), f"YAML syntax error: {problem}"))
    except yaml.YAMLError as exc:
        errors.append(Diagnostic(Pos(path, 1, 1), f"YAML syntax error: {exc}"))
    return None


class _Composer:
    def __init__(self, text: str, path: str, errors: list[Diagnostic]) -> None:
        self.events = iter(yaml.parse(text, Loader=_Loader))
        self.path = path
        self.errors = errors

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
            self.errors.append(Diagnostic(pos, f"explicit tags are not allowed ({tag})"))

    def _node(self, event: yaml.Event) -> YNode:
        pos = _pos(event.start_mark, self.path)
        if isinstance(event, yaml.AliasEvent):
            self.errors.append(
                Diagnostic(pos, f"aliases are not allowed (*{event.anchor}); write the value out")
            )
            return YScalar("", False, pos)
        self._check_props(event)
        if isinstance(event, yaml.ScalarEvent):
            explicit_str = event.tag == "tag:yaml.org,2002:str"
            plain = not event.style and not explicit_str
            return YScalar(event.value, plain, pos)
        if isinstance(event, yaml.SequenceStartEvent):
            seq = YSeq([], pos, bool(event.flow_style))
            for item in self.events:
                if isinstance(item, yaml.SequenceEndEvent):
                    break
                seq.items.append(self._node(item))
            return seq
        if isinstance(event, yaml.MappingStartEvent):
            return self._mapping(pos)
        raise yaml.YAMLError(f"unexpected YAML event {type(event).__name__}")

    def _mapping(self, pos: Pos) -> YMap:
        ymap = YMap([], pos)
        for key_event in self.events:
            if isinstance(key_event, yaml.MappingEndEvent):
                break
            key = self._node(key_event)
            value = self._node(next(self.events))
            if not isinstance(key, YScalar):
                self.errors.append(Diagnostic(key.pos, "mapping keys must be plain names"))
                continue
            first = ymap.index.get(key.text)
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
