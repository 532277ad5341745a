"""Every label the quiz engine and the plain review print, in Japanese and English.

`tr(key, lang, **values)` fills `{name}` fields with `str.format`; values are plain text
(content is never treated as markup). tests/unit/test_quiz_texts.py checks both
languages exist and use the same fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta, tzinfo

STRINGS: dict[str, tuple[str, str]] = {
    # generated term-card prompts
    "term.ja>en": ("英語で答えよ：{word}", "English for: {word}"),
    "term.en>ja": ("日本語で答えよ：{word}", "Japanese for: {word}"),
    "term.def>term": ("この説明に当てはまる用語は？\n{definition}",
                      "Which term is described here?\n{definition}"),
    "term.reading": ("読みをひらがなで答えよ：{word}", "Reading of {word} (kana or romaji):"),
    "tf.true": ("○ 正しい", "True"),
    "tf.false": ("× 誤り", "False"),
    # replies that cannot be judged (ask again)
    "invalid.choice": ("1〜{n} の番号で答えてください。", "Answer with a number from 1 to {n}."),
    "invalid.multi": ("1〜{n} の番号を{select}つ入力してください（例：1 3）。",
                      "Type {select} numbers from 1 to {n} (e.g. 1 3)."),
    "invalid.count": ("ちょうど{select}つ選んでください。", "Choose exactly {select}."),
    "invalid.truefalse": ("1（○ 正しい）か 2（× 誤り）で答えてください。",
                          "Answer 1 (true) or 2 (false); t or f also work."),
    "invalid.matching": ("1〜{n} のそれぞれに a〜{last} を1つずつ対応させてください（例：1a 2c 3b）。",
                         "Give each of 1-{n} one letter a-{last} (e.g. 1a 2c 3b, or a c b)."),
    "invalid.blanks": ("{n}つの空欄の答えを / で区切って入力してください。",
                       "Type the {n} blanks separated by /."),
    "invalid.empty": ("答えを入力してください（わからなければ ?）。",
                      "Type an answer (? if you don't know)."),
    "invalid.grade": ("1〜4 で自己評価してください。", "Rate yourself with 1-4."),
    "invalid.flashcard": ("このカードは答えを見てから自己評価します。",
                          "This card is graded by you after the answer is shown."),
    # question headers and hints
    "kind.single": ("単一選択", "single choice"),
    "kind.multi": ("{select}つ選べ", "choose {select}"),
    "kind.truefalse": ("正誤", "true or false"),
    "kind.typed": ("記述", "typed answer"),
    "kind.cloze": ("穴埋め", "fill in the blanks"),
    "kind.matching": ("組み合わせ", "matching"),
    "kind.flashcard": ("カード（自己評価）", "flashcard (self-graded)"),
    "dir.ja>en": ("用語 日→英", "term ja→en"),
    "dir.en>ja": ("用語 英→日", "term en→ja"),
    "dir.def>term": ("用語 説明→用語", "term definition→term"),
    "dir.reading": ("用語 読み", "term reading"),
    "header": ("[{i}/{n}] {what}", "[{i}/{n}] {what}"),
    "case": ("状況設定：{title}", "Case: {title}"),
    "hint.single": ("番号（1〜{n}）で答えてください。", "Type the number (1-{n})."),
    "hint.multi": ("番号を{select}つ入力（例：1 3 / 1,3 / 13）。",
                   "Type {select} numbers (e.g. 1 3, 1,3 or 13)."),
    "hint.truefalse": ("1（○ 正しい）か 2（× 誤り）で答えてください。",
                       "Type 1 (true) or 2 (false)."),
    "hint.typed.ja": ("日本語で入力（かな・ローマ字も可）。",
                      "Type it in Japanese (kana or romaji is fine)."),
    "hint.typed.en": ("英語で入力。", "Type it in English."),
    "hint.cloze": ("空欄の答えを順に / で区切って入力（例：{example}）。",
                   "Type the blanks in order, separated by / (e.g. {example})."),
    "hint.cloze1": ("空欄に入る語句を入力。", "Type the missing words."),
    "hint.matching": ("番号と記号の組で入力（例：1a 2c 3b）。左の順に記号だけ（a c b）でも可。",
                      "Pair numbers with letters (e.g. 1a 2c 3b), or type the letters in order (a c b)."),
    "hint.flashcard": ("Enter で答えを表示。", "Press Enter to show the answer."),
    "keys": ("? わからない · u 直前の回答を取り消す · q 終了 · 答えの後に ! を付けると「簡単」"
             "（速く正解したときのみ）",
             "? don't know · u undo the last answer · q quit · end an answer with ! to rate it "
             "Easy (only when right and fast)"),
    "back": ("答え：{answer}", "Answer: {answer}"),
    "grade.key": ("{n} {label} {interval}", "{n} {label} {interval}"),
    "grade.keys": ("自己評価：{keys}", "Rate yourself: {keys}"),
    # feedback after an answer
    "verdict.right": ("✓ 正解", "✓ Right"),
    "verdict.almost": ("△ 惜しい", "≈ Almost"),
    "verdict.wrong": ("✗ 不正解", "✗ Wrong"),
    "verdict.dontknow": ("✗ わからない", "✗ Don't know"),
    "verdict.graded": ("自己評価", "Self-graded"),
    "rating.1": ("もう一度", "Again"),
    "rating.2": ("難しい", "Hard"),
    "rating.3": ("普通", "Good"),
    "rating.4": ("簡単", "Easy"),
    "saved": ("{verdict} · {rating} · 保存しました（次回 {due}）",
              "{verdict} · {rating} · saved (next review {due})"),
    "cram": ("{verdict} · 詰め込み学習のため記録しません", "{verdict} · cram: not recorded"),
    "due.now": ("すぐ", "now"),
    "due.minutes": ("{n}分後", "in {n} min"),
    "due.hours": ("{n}時間後", "in {n} h"),
    "due.days": ("{n}日後", "in {n} days"),
    "too_slow": ("（「簡単」は速く正解したときのみ選べます）", "(Easy counts only when answered quickly)"),
    "answer": ("正解：{answer}", "Answer: {answer}"),
    "typo": ("入力「{given}」→ 正解「{expected}」 差分：{diff}",
             "You typed “{given}”, answer “{expected}”, difference: {diff}"),
    "part": ("{label}：{mark} {given} → {expected}", "{label}: {mark} {given} → {expected}"),
    "explanation": ("解説：{text}", "Why: {text}"),
    "glossary": ("用語：{entry}", "Glossary: {entry}"),
    "note": ("注：{text}", "Note: {text}"),
    "source": ("出典：{title}「{section}」{trust}", "Source: {title}, “{section}”{trust}"),
    "trust.promotional": ("（宣伝目的の資料）", " (promotional source)"),
    "evidence": ("根拠の水準：{level}", "Evidence: {level}"),
    "evidence.research": ("研究段階", "research stage"),
    "evidence.claim": ("宣伝上の主張（確立していない）", "promotional claim, not established"),
    "evidence.regulatory": ("制度・規制上の事実", "regulatory fact"),
    # command-line errors
    "filter.category": ("分野", "category"),
    "filter.tag": ("タグ", "tag"),
    "filter.source": ("出典", "source"),
    "error.unknown": ("{kind}「{value}」はありません{maybe}（あるもの：{known}）",
                      "unknown {kind} '{value}'{maybe} (known: {known})"),
    "error.maybe": ("。「{close}」のことですか？", "; did you mean '{close}'?"),
    "error.section": ("区分「{value}」はありません（必修/hissu、一般/ippan、状況設定/jokyo）",
                      "unknown section '{value}' (use 必修/hissu, 一般/ippan or 状況設定/jokyo)"),
    # session
    "start": ("復習：{n}枚（学習中 {learning}・期日 {review}・新規 {new}）",
              "Review: {n} cards ({learning} learning, {review} due, {new} new)"),
    "start.cram": ("詰め込み学習：{n}枚。回答は記録されず、復習予定は変わりません。",
                   "Cram: {n} cards. Answers are not recorded and your schedule is unchanged."),
    "empty": ("今は学習するカードがありません。", "Nothing to study right now."),
    "input.too_long": ("入力の1行が {n} 文字を超えたので終了します。",
                       "An input line is longer than {n} characters; stopping."),
    "undone": ("直前の回答を取り消しました。もう一度出題します。", "Undone. That card is asked again."),
    "undo.none": ("取り消せる回答がありません。", "Nothing to undo."),
    "summary": ("終了：{answered}問（正解 {right}・惜しい {almost}・不正解 {wrong}）、"
                "{cards}枚、{minutes}分。",
                "Done: {answered} answered ({right} right, {almost} almost, {wrong} wrong), "
                "{cards} cards, {minutes} min."),
    "summary.recorded": ("{n}件の回答を記録しました。", "{n} answers recorded."),
    "next.now": ("まだ学習できるカードがあります。", "More cards are ready now."),
    "next.today": ("次の復習は {time}（あと{left}）", "Next review at {time} ({left} from now)"),
    "next.day": ("次の復習は {date} {time}（あと{left}）",
                 "Next review on {date} at {time} ({left} from now)"),
    "next.none": ("予定されている復習はありません。", "No reviews are scheduled."),
    "left.minutes": ("{n}分", "{n} min"),
    "left.hours": ("{n}時間", "{n} h"),
    "left.days": ("{n}日", "{n} days"),
    "ivl.under_minute": ("<1分", "<1m"),
    "ivl.minutes": ("{n}分", "{n}m"),
    "ivl.hours": ("{n}時間", "{n}h"),
    "ivl.days": ("{n}日", "{n}d"),
    "ivl.months": ("{n}か月", "{n}mo"),
    "ivl.years": ("{n}年", "{n}y"),
}


def tr(key: str, lang: str, /, **values: object) -> str:
    """The text for `key` in `lang` ("ja" or "en"), with `{name}` fields filled."""
    ja, en = STRINGS[key]
    text = ja if lang == "ja" else en
    return text.format(**values) if values else text


def format_interval(interval: timedelta | None, lang: str) -> str:
    """When a card comes back, in words ("now", "in 10 minutes", "in 3 days")."""
    seconds = interval.total_seconds() if interval is not None else 0.0
    if seconds < 60:
        return tr("due.now", lang)
    if seconds < 3600:
        return tr("due.minutes", lang, n=round(seconds / 60))
    if seconds < 86400:
        return tr("due.hours", lang, n=round(seconds / 3600))
    return tr("due.days", lang, n=round(seconds / 86400))


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def grade_keys(intervals: Mapping[int, timedelta], lang: str) -> str:
    """The rating keys with the interval each would give, as Anki's buttons show them:
    「1 もう一度 <1分 · 2 難しい 6分 · 3 普通 1日 · 4 簡単 4日」 (no intervals: labels only)."""
    keys = [tr("grade.key", lang, n=n, label=tr(f"rating.{n}", lang),
               interval=short_interval(intervals[n], lang)).rstrip() if n in intervals
            else f"{n} {tr(f'rating.{n}', lang)}" for n in range(1, 5)]
    return " · ".join(keys)


def short_interval(interval: timedelta, lang: str) -> str:
    """An interval as Anki's rating buttons show it: <1m, 6m, 1d, 4d, 1.5mo, 2y."""
    seconds = interval.total_seconds()
    if seconds < 60:
        return tr("ivl.under_minute", lang)
    if seconds < 3600:
        return tr("ivl.minutes", lang, n=round(seconds / 60))
    if seconds < 86400:
        return tr("ivl.hours", lang, n=round(seconds / 3600))
    days = seconds / 86400
    if days < 30:
        return tr("ivl.days", lang, n=round(days))
    if days < 365:
        return tr("ivl.months", lang, n=f"{days / 30:.1f}".removesuffix(".0"))
    return tr("ivl.years", lang, n=f"{days / 365:.1f}".removesuffix(".0"))


def _left(delta: timedelta, lang: str) -> str:
    minutes = max(1, -(-int(delta.total_seconds()) // 60))  # rounded up: never "0 min"
    if minutes < 60:
        return tr("left.minutes", lang, n=minutes)
    if minutes < 24 * 60:
        return tr("left.hours", lang, n=round(minutes / 60))
    return tr("left.days", lang, n=round(minutes / (24 * 60)))


def next_due_text(when: datetime | None, now: datetime, tz: tzinfo, lang: str) -> str:
    """When the next card can be studied, e.g. 「次の復習は 14:32（あと12分）」."""
    if when is None:
        return tr("next.none", lang)
    if when <= now:
        return tr("next.now", lang)
    local, today = when.astimezone(tz), now.astimezone(tz)
    time = f"{local.hour:02d}:{local.minute:02d}"
    left = _left(when - now, lang)
    if local.date() == today.date():
        return tr("next.today", lang, time=time, left=left)
    date = f"{local.month}月{local.day}日" if lang == "ja" else f"{_MONTHS[local.month - 1]} {local.day}"
    return tr("next.day", lang, date=date, time=time, left=left)
