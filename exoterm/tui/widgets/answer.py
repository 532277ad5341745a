"""Answer widgets for the review screen: choices (single, multi, true/false) and matching.

Each turns keys into the quiz engine's answer line ("2", "1 3", "1a 2c 3b") and posts
`AnswerReady(line)`; the screen judges it. After judging, `show_result` marks what was
right (✓) and what was chosen wrongly (✗) so the marks read without colour. Rows answer
the mouse too: clicking an option chooses it (ticks it in multi-select), clicking a
matching row picks the row and clicking a lettered target pairs it. Option texts wrap
with a hanging indent after their number.
"""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message

from exoterm.core.quiz.questions import Option
from exoterm.tui.widgets.wrapped import Wrapped

TRUE_KEYS = {"o": "1", "t": "1", "y": "1", "x": "2", "f": "2", "n": "2"}


class AnswerReady(Message):
    """The learner finished an answer; `line` is in the quiz engine's syntax."""

    def __init__(self, line: str) -> None:
        super().__init__()
        self.line = line


class Row(Wrapped):
    """A clickable row of an answer widget; posts `Row.Clicked` with its index."""

    class Clicked(Message):
        def __init__(self, row: Row) -> None:
            super().__init__()
            self.row = row

        @property
        def control(self) -> Row:
            return self.row

    def __init__(self, index: int, *, classes: str) -> None:
        super().__init__(classes=classes)
        self.index = index

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(self.Clicked(self))


class ChoiceList(Vertical, can_focus=True):
    """Numbered options. Single: a number (or ↑↓ + Enter) answers at once. Multi: numbers or
    Space toggle, Enter answers when exactly `select` are ticked. Space never answers: a
    learner used to Space = "show the answer" on flashcards must not lose a card by it."""

    BINDINGS = [
        Binding("up,k", "move(-1)", show=False),
        Binding("down,j", "move(1)", show=False),
        Binding("space", "tick", show=False),
        Binding("enter", "submit", show=False),
    ]

    def __init__(self, options: tuple[Option, ...], *, multi: bool = False, select: int = 1,
                 truefalse: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.options = options
        self.multi = multi
        self.select = select
        self.truefalse = truefalse
        self.cursor = 0
        self.ticked: list[str] = []  # option ids, in the order ticked
        self.locked = False
        self.right: frozenset[str] = frozenset()

    def compose(self) -> ComposeResult:
        for index, _ in enumerate(self.options):
            yield Row(index, classes="choice")

    def on_mount(self) -> None:
        self._paint()

    def _paint(self) -> None:
        for index, (option, line) in enumerate(zip(self.options, self.query(".choice"),
                                                    strict=False)):
            assert isinstance(line, Row)
            line.set_class(index == self.cursor and not self.locked, "-cursor")
            line.set_class(self.locked, "-locked")
            head, text = self._line(index, option)
            line.update(text, first=head)

    @on(Row.Clicked, ".choice")
    def _clicked(self, event: Row.Clicked) -> None:
        event.stop()
        if self.locked:
            return
        self.focus()
        self.cursor = event.row.index
        if self.multi:
            self._tick(self.options[self.cursor].id)
        else:
            self._answer([self.options[self.cursor].id])

    def _line(self, index: int, option: Option) -> tuple[Content, Content]:
        """The row's head (pointer, mark, number, box) and its text, wrapped after the head."""
        pointer = "❯" if index == self.cursor and not self.locked else " "
        box = ""
        if self.multi:
            box = "[x] " if option.id in self.ticked else "[ ] "
        mark = "  "
        style = ""
        if self.locked:
            if option.id in self.right:
                mark, style = "✓ ", "bold $success"
            elif option.id in self.ticked:
                mark, style = "✗ ", "bold $error"
        head = Content.assemble(pointer, " ", (mark, style), (f"{option.key}. ", "bold"), box)
        return head, Content.styled(option.text, style)

    def action_move(self, step: int) -> None:
        if not self.locked and self.options:
            self.cursor = (self.cursor + step) % len(self.options)
            self._paint()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Space ticks only in multi-select; elsewhere it is not this list's key."""
        return self.multi if action == "tick" else True

    def action_tick(self) -> None:
        if self.multi and not self.locked and self.options:
            self._tick(self.options[self.cursor].id)

    def action_submit(self) -> None:
        if self.locked or not self.options:
            return
        if not self.multi:
            self._answer([self.options[self.cursor].id])
        elif self.ticked:
            self._answer(list(self.ticked))

    def _tick(self, option_id: str) -> None:
        if option_id in self.ticked:
            self.ticked.remove(option_id)
        else:
            self.ticked.append(option_id)
        self._paint()

    def _answer(self, ids: list[str]) -> None:
        self.ticked = ids
        keys = [o.key for o in self.options if o.id in ids]
        self._paint()
        self.post_message(AnswerReady(" ".join(keys)))

    def on_key(self, event: events.Key) -> None:
        if self.locked:
            return
        key = event.character or ""
        if self.truefalse:
            key = TRUE_KEYS.get(key.lower(), key)
        for index, option in enumerate(self.options):
            if key == option.key:
                event.stop()
                event.prevent_default()
                self.cursor = index
                if self.multi:
                    self._tick(option.id)
                else:
                    self._answer([option.id])
                return

    def show_result(self, right: frozenset[str]) -> None:
        self.locked = True
        self.right = right
        self._paint()

    def key_help(self) -> list[tuple[str, str]]:
        """(keys, text id) for the help screen: the keys this list reads itself."""
        if self.locked or not self.options:
            return []
        numbers = f"{self.options[0].key}–{self.options[-1].key}"
        if self.truefalse:
            return [(f"{numbers},t,o,f,x", "help.tf"), ("up,down,enter", "help.submit")]
        if self.multi:
            return [(numbers, "help.pick_multi"), ("up,down,j,k", "help.move"),
                    ("space", "help.tick"), ("enter", "help.submit")]
        return [(numbers, "help.pick"), ("up,down,j,k", "help.move"), ("enter", "help.submit")]

    def relabel(self, options: tuple[Option, ...], ticked: list[str] | None = None) -> None:
        """New texts for the same number of options (e.g. after a language switch)."""
        self.options = options
        if ticked is not None:
            self.ticked = list(ticked)
        self._paint()


class MatchingGrid(Vertical, can_focus=True):
    """Left items numbered, right items lettered: ↑↓ pick a row, a letter pairs it (and
    moves on), Backspace clears, Enter answers once every row has a letter."""

    BINDINGS = [
        Binding("up", "move(-1)", show=False),
        Binding("down", "move(1)", show=False),
        Binding("backspace,delete", "clear", show=False),
        Binding("enter", "submit", show=False),
    ]

    def __init__(self, left: tuple[Option, ...], right: tuple[Option, ...], *,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.left = left
        self.right = right
        self.cursor = 0
        self.pairs: dict[str, str] = {}  # left key → right key
        self.locked = False
        self.expected: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        for index, _ in enumerate(self.left):
            yield Row(index, classes="choice")
        with Vertical(classes="targets"):
            for index, _ in enumerate(self.right):
                yield Row(index, classes="target")

    def on_mount(self) -> None:
        self._paint()

    def _paint(self) -> None:
        rows = list(self.query(".choice").results(Row))
        for index, (option, row) in enumerate(zip(self.left, rows, strict=False)):
            row.set_class(index == self.cursor and not self.locked, "-cursor")
            row.set_class(self.locked, "-locked")
            head, text = self._row(index, option)
            row.update(text, first=head)
        for option, row in zip(self.right, self.query(".target").results(Row), strict=False):
            row.set_class(self.locked, "-locked")
            row.update(option.text, first=Content.styled(f"  {option.key}. ", "bold"))

    @on(Row.Clicked, ".choice")
    def _row_clicked(self, event: Row.Clicked) -> None:
        event.stop()
        if not self.locked:
            self.focus()
            self.cursor = event.row.index
            self._paint()

    @on(Row.Clicked, ".target")
    def _target_clicked(self, event: Row.Clicked) -> None:
        event.stop()
        if not self.locked and self.left:
            self.focus()
            self._pair(self.right[event.row.index].key)

    def _pair(self, letter: str) -> None:
        """Pair the row under the cursor with `letter` and move on to the next row."""
        self.pairs[self.left[self.cursor].key] = letter
        if len(self.pairs) < len(self.left):
            self.cursor = (self.cursor + 1) % len(self.left)
        self._paint()

    def _row(self, index: int, option: Option) -> tuple[Content, Content]:
        """The row's head (pointer, mark, number) and its text with the chosen letter."""
        pointer = "❯" if index == self.cursor and not self.locked else " "
        given = self.pairs.get(option.key, "_")
        mark, style = "  ", ""
        if self.locked:
            ok = self.expected.get(option.key) == given
            mark, style = ("✓ ", "bold $success") if ok else ("✗ ", "bold $error")
            if not ok:
                given = f"{given} → {self.expected.get(option.key, '?')}"
        head = Content.assemble(pointer, " ", (mark, style), (f"{option.key}. ", "bold"))
        return head, Content.assemble(option.text, "  ⇢ ", (f"[{given}]", "bold " + style))

    def action_move(self, step: int) -> None:
        if not self.locked and self.left:
            self.cursor = (self.cursor + step) % len(self.left)
            self._paint()

    def action_clear(self) -> None:
        if not self.locked and self.left:
            self.pairs.pop(self.left[self.cursor].key, None)
            self._paint()

    def action_submit(self) -> None:
        if self.locked or len(self.pairs) < len(self.left):
            return
        self.post_message(AnswerReady(" ".join(f"{o.key}{self.pairs[o.key]}" for o in self.left)))

    def on_key(self, event: events.Key) -> None:
        if self.locked:
            return
        key = (event.character or "").lower()
        if key in {o.key for o in self.right}:
            event.stop()
            event.prevent_default()
            self._pair(key)
        elif key in {o.key for o in self.left}:
            event.stop()
            self.cursor = next(i for i, o in enumerate(self.left) if o.key == key)
            self._paint()

    def show_result(self, expected: dict[str, str]) -> None:
        self.locked = True
        self.expected = expected
        self._paint()

    def key_help(self) -> list[tuple[str, str]]:
        """(keys, text id) for the help screen: the keys this grid reads itself."""
        if self.locked or not self.left or not self.right:
            return []
        return [(f"{self.right[0].key}–{self.right[-1].key}", "help.pair"),
                (f"{self.left[0].key}–{self.left[-1].key},up,down", "help.row"),
                ("backspace", "help.clear"), ("enter", "help.submit")]

    def relabel(self, left: tuple[Option, ...], right: tuple[Option, ...]) -> None:
        """New texts for the same rows and letters (e.g. after a language switch)."""
        self.left, self.right = left, right
        self._paint()
