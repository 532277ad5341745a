"""The glossary's detail pane: one term with furigana, both definitions, sources, links.

Built only from `Content` pieces so that any text in the YAML — `[bold]`, `[/]`,
backslashes — is shown exactly as written.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from exoterm.core.content.models import Bilingual, Citation, Deck, Term
from exoterm.core.japanese import kana_to_romaji
from exoterm.core.texts import label, tr
from exoterm.tui.widgets.furigana import Furigana, Layout
from exoterm.tui.widgets.related import LinkRow

EVIDENCE_STYLE = {
    "established": "bold $success-lighten-2 on $success-darken-3",
    "research": "bold $warning-lighten-2 on $warning-darken-3",
    "claim": "bold $error-lighten-2 on $error-darken-3",
    "regulatory": "bold $primary-lighten-2 on $primary-darken-3",
}


def evidence_badge(level: str, lang: str) -> Content:
    """The evidence level as a coloured label (readable without colour too)."""
    return Content.styled(f" {tr('glossary.evidence.' + level, lang)} ", EVIDENCE_STYLE.get(level, "bold"))


def heading(text: str) -> Content:
    return Content.styled(text, "bold $accent")


def both(text: Bilingual, lang: str) -> list[Content]:
    """The text in the interface language first, then the other one (muted); only the
    Japanese when there is no English."""
    if not text.en:
        return [Content(text.ja)]
    first, second = (text.ja, text.en) if lang == "ja" else (text.en, text.ja)
    return [Content(first), Content.styled(second, "$text-muted")]


def citation_lines(deck: Deck, cite: Citation, lang: str) -> list[Content]:
    """The source's title, then publisher, date, section and a promotional warning."""
    source = deck.source_by_id.get(cite.id)
    if source is None:
        return [Content.assemble("• ", (cite.id, "bold")), Content("  § " + cite.section)]
    detail: list[str | tuple[str, str] | Content] = [
        "  ", (f"{source.publisher} ({source.date})", "$text-muted"), " § ", cite.section]
    if source.trust == "promotional":
        detail += ["  ", (f" {tr('glossary.promotional', lang)} ", "bold reverse $warning")]
    return [Content.assemble("• ", (source.title, "bold")), Content.assemble(*detail)]


def term_body(term: Term, deck: Deck, lang: str) -> Content:
    """Everything below the headword, as one block of text."""
    lines: list[Content] = []
    lines.append(heading(tr("glossary.definition", lang)))
    lines += both(term.definition, lang)
    if term.note is not None:
        lines += [Content(""), heading(tr("glossary.note", lang))]
        lines += both(term.note, lang)
    lines += [Content(""), heading(tr("glossary.sources", lang))]
    for cite in term.sources:
        lines += citation_lines(deck, cite, lang)
    return Content("\n").join(lines)


def term_summary(term: Term, deck: Deck, lang: str, status: str | None) -> Content:
    """English, abbreviations, romaji; then evidence, category and review status."""
    first: list[str | tuple[str, str] | Content] = [(term.en, "bold")]
    if term.abbr:
        first += ["  ", (" / ".join(term.abbr), "bold $accent")]
    first += ["  ", (kana_to_romaji(term.reading), "italic $text-muted")]
    aliases = term.aliases.all()
    second: list[str | tuple[str, str] | Content] = [evidence_badge(term.evidence, lang)]
    category = deck.category_by_id.get(term.category)
    if category is not None:
        second += ["  ", (category.label.get(lang), "$text-muted")]
    if status:
        second += ["  · ", (status, "italic")]
    lines = [Content.assemble(*first), Content.assemble(*second)]
    if aliases:
        lines.insert(1, Content.assemble((label("glossary.aliases", lang), "$text-muted"),
                                         "、".join(aliases)))
    return Content("\n").join(lines)


class TermDetail(VerticalScroll):
    """Scrollable detail of one term; `LinkRow` inside posts `LinkRow.Followed`."""

    DEFAULT_CSS = """
    TermDetail { padding: 0 1; }
    TermDetail > Static { width: 1fr; }
    TermDetail #related-title { margin-top: 1; }
    """

    def compose(self) -> ComposeResult:
        yield Furigana(id="headword")
        yield Static("", id="summary", markup=False)
        yield Static("", id="body", markup=False)
        yield Static("", id="related-title", markup=False)
        yield LinkRow(id="related")

    def on_mount(self) -> None:
        self.term_id: str | None = None

    def set_furigana(self, mode: Layout) -> None:
        self.query_one(Furigana).mode = mode

    def show_message(self, text: str) -> None:
        self.term_id = None
        self.query_one(Furigana).set_word("", "")
        self.query_one("#summary", Static).update(Content.styled(text, "$text-muted"))
        for wid in ("#body", "#related-title"):
            self.query_one(wid, Static).update("")
        self.query_one(LinkRow).set_links([])

    def show(self, term: Term, deck: Deck, lang: str, status: str | None) -> None:
        self.term_id = term.id
        self.query_one(Furigana).set_word(term.ja, term.reading)
        self.query_one("#summary", Static).update(term_summary(term, deck, lang, status))
        self.query_one("#body", Static).update(term_body(term, deck, lang))
        links = [(r, deck.term_by_id[r].ja) for r in term.related if r in deck.term_by_id]
        title = Content.assemble(heading(tr("glossary.related", lang)),
                                 ("  " + tr("glossary.related_hint", lang), "$text-muted"))
        self.query_one("#related-title", Static).update(title if links else "")
        self.query_one(LinkRow).set_links(links)
        self.scroll_home(animate=False)
