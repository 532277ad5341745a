"""Every string the interface shows, in Japanese and English, in one table.

`tr(key, lang, **values)` looks a key up and fills `{name}` fields with `str.format`.
Values are plain text; callers put the result into `Content`, never into markup.
A missing key is a bug: `test_every_string_has_both_languages` in `tests/tui/test_screens.py`
checks that both languages exist for each key, with the same `{fields}`.
"""

from __future__ import annotations

from typing import Literal

Lang = Literal["ja", "en"]
LANGS: tuple[Lang, ...] = ("ja", "en")

STRINGS: dict[str, tuple[str, str]] = {
    # app and navigation (binding ids double as keys for footer descriptions)
    "app.title": ("exoterm", "exoterm"),
    "app.subtitle": ("エクソソーム・細胞外小胞", "exosomes & extracellular vesicles"),
    "nav.home": ("ホーム", "Home"),
    "nav.glossary": ("用語集", "Glossary"),
    "nav.review": ("復習", "Review"),
    "nav.stats": ("統計", "Stats"),
    "nav.settings": ("設定", "Settings"),
    "nav.help": ("ヘルプ", "Help"),
    "nav.quit": ("終了", "Quit"),
    "nav.language": ("English", "日本語"),
    "nav.palette": ("コマンド", "Commands"),
    "nav.back": ("戻る", "Back"),
    "cmd.placeholder": ("操作・用語を検索…", "Search actions and terms…"),
    "cmd.home": ("ホーム画面を開く", "Open the home screen"),
    "cmd.glossary": ("用語集を開く（検索）", "Open the glossary (search)"),
    "cmd.review": ("今日の復習を始める", "Start today's review"),
    "cmd.stats": ("学習の統計を見る", "Show study statistics"),
    "cmd.settings": ("設定を開く", "Open settings"),
    "cmd.help": ("キー操作の一覧", "List of keys"),
    "cmd.language": ("表示言語を切り替える（日本語 / English）",
                     "Switch interface language (日本語 / English)"),
    "cmd.theme": ("テーマを切り替える", "Change the colour theme"),
    "cmd.quit": ("exoterm を終了する", "Quit exoterm"),
    "cmd.cram": ("詰め込み学習：{what}", "Cram: {what}"),
    "cmd.cram.help": ("期日に関係なく出題（予定は変わらない）",
                      "Ask regardless of due dates (schedule unchanged)"),
    "cmd.cram.all": ("すべての問題", "all questions"),
    "cmd.cram.category": ("分野 {what}", "category {what}"),
    "cmd.cram.section": ("区分 {what}", "section {what}"),
    "cmd.furigana": ("ふりがな表示を切り替える", "Toggle furigana layout"),
    "cmd.add": ("表示中の用語を復習に追加", "Add the shown term to review"),
    "cmd.suspend": ("表示中の用語の復習を停止／再開", "Suspend / resume the shown term"),
    "cmd.undo": ("直前の回答を取り消す", "Undo the last answer"),
    "cmd.bootstrap": ("読み込みの問題を表示", "Show loading problems"),
    # loading and problems
    "load.loading": ("読み込み中…", "Loading…"),
    "load.content_failed": ("教材を読み込めませんでした", "The content could not be loaded"),
    "load.store_failed": ("学習記録を開けませんでした", "Your progress database could not be opened"),
    "load.store_failed_short": ("学習記録なし（用語集は使えます）",
                                "No progress database (the glossary still works)"),
    "load.fix_content": (
        "上のファイルを直して保存すると、自動で読み込み直します（q で終了）。"
        "`exoterm validate` でも同じ一覧が出ます。",
        "Fix and save the file(s) above: exoterm loads them again by itself (q quits). "
        "`exoterm validate` prints the same list.",
    ),
    "load.fix_store": (
        "用語集は使えます。復習と統計は、この問題が解決するまで使えません。",
        "The glossary still works. Review and stats need the database and are off until "
        "this is fixed.",
    ),
    "load.reloaded": ("教材を再読み込みしました（用語 {terms}・問題 {items}）",
                      "Content reloaded ({terms} terms, {items} questions)"),
    "load.reload_failed": ("変更した教材に問題があります（前の内容のままです）",
                           "The changed content has a problem (the previous content stays)"),
    "load.more": ("ほか {n} 件", "and {n} more"),
    # home
    "home.due": ("復習", "Due now"),
    "home.new": ("新規（今日）", "New today"),
    "home.learned": ("学習済み", "Learned"),
    "home.streak": ("連続日数", "Streak"),
    "home.days": ("{n} 日", "{n} days"),
    "home.day": ("{n} 日", "{n} day"),
    "common.colon": ("：", ": "),
    "home.today": ("今日", "today"),
    "home.in_days": ("{n}日後", "+{n} days"),
    "home.forecast": ("今後30日の復習予定", "Reviews due in the next 30 days"),
    "home.start": ("Space / Enter で復習開始", "Space / Enter to start reviewing"),
    "home.nothing_due": ("今日の復習は終わりました。用語集で予習しましょう。",
                         "Nothing due now. Browse the glossary to learn ahead."),
    "home.welcome": ("ようこそ！まずはこの3つのキーだけ覚えてください：",
                     "Welcome! These three keys are all you need to start:"),
    "home.key.review": ("復習を始める", "start reviewing"),
    "home.key.glossary": ("用語集で調べる", "look up a term"),
    "home.key.help": ("すべてのキー", "all keys"),
    "home.deck": ("用語 {terms}・問題 {items}", "{terms} terms · {items} questions"),
    "home.no_store": ("学習記録がないため、復習は使えません。", "Review is off: no progress database."),
    # glossary
    "glossary.placeholder": ("検索：漢字・かな・ローマ字・英語", "Search: kanji, kana, romaji, English"),
    "glossary.count": ("{n} 件", "{n} terms"),
    "glossary.count_one": ("{n} 件", "{n} term"),
    "bind.move": ("結果を移動", "Move in the results"),
    "glossary.entry": ("用語", "Term"),
    "glossary.none": ("該当する用語がありません", "No matching terms"),
    "glossary.pick": ("左の一覧から用語を選んでください", "Pick a term from the list"),
    "glossary.romaji": ("ローマ字", "Romaji"),
    "glossary.english": ("英語", "English"),
    "glossary.abbr": ("略語", "Abbreviation"),
    "glossary.aliases": ("別名", "Also called"),
    "glossary.category": ("分野", "Category"),
    "glossary.definition": ("定義", "Definition"),
    "glossary.sources": ("出典", "Sources"),
    "glossary.note": ("資料による違い", "Where sources differ"),
    "glossary.related": ("関連語", "Related"),
    "glossary.related_hint": ("←→ で選び Enter で移動", "←→ to pick, Enter to follow"),
    "glossary.promotional": ("宣伝目的の資料", "promotional source"),
    "glossary.in_review": ("復習中", "in review"),
    "glossary.not_in_review": ("未学習", "not studied yet"),
    "glossary.queued": ("次の復習で出題", "comes up in your next review"),
    "glossary.suspended": ("停止中", "suspended"),
    "glossary.added": ("「{term}」を復習に追加しました", "Added “{term}” to review"),
    "glossary.already": ("「{term}」はすでに復習に入っています", "“{term}” is already in review"),
    "glossary.suspended_now": ("「{term}」の復習を停止しました", "Suspended “{term}”"),
    "glossary.resumed": ("「{term}」の復習を再開しました", "Resumed “{term}”"),
    "glossary.no_store": ("学習記録が使えないため変更できません", "No progress database: cannot change"),
    "glossary.index_loading": ("索引を作成中…", "Building the search index…"),
    "bind.search": ("検索", "Search"),
    "bind.open": ("開く", "Open"),
    "bind.furigana": ("ふりがな", "Furigana"),
    "bind.add": ("復習に追加", "Add"),
    "bind.suspend": ("停止", "Suspend"),
    "bind.history_back": ("前へ", "Back"),
    "bind.history_forward": ("次へ", "Forward"),
    "bind.related": ("関連語", "Related"),
    # evidence
    "evidence.established": ("確立", "established"),
    "evidence.research": ("研究段階", "research"),
    "evidence.claim": ("宣伝上の主張", "claim"),
    "evidence.regulatory": ("制度・規制", "regulatory"),
    # review
    "review.reveal": ("答えを見る", "Show answer"),
    "review.next": ("次へ", "Next"),
    "review.restart": ("もう一度", "Again"),
    "review.again": ("もう一度", "Again"),
    "review.hard": ("難しい", "Hard"),
    "review.good": ("普通", "Good"),
    "review.easy": ("簡単", "Easy"),
    "review.undo": ("取り消し", "Undo"),
    "review.scroll": ("問題・解説をスクロール", "Scroll the question and feedback"),
    "review.undone": ("直前の回答を取り消しました。もう一度答えてください。",
                      "Undid the last answer. Answer it again."),
    "review.nothing_to_undo": ("取り消せる回答がありません", "Nothing to undo"),
    "review.answer": ("正答", "Answer"),
    "review.your_answer": ("あなたの答え", "You typed"),
    "review.explanation": ("解説", "Why"),
    "review.source": ("出典", "Source"),
    "review.next_due": ("次回 {due}", "next {due}"),
    "review.cram_note": ("詰め込み学習（記録なし）", "cram: not recorded"),
    "review.after_hint": ("Space / Enter で次へ　Ctrl+Z で取り消し",
                          "Space / Enter: next   Ctrl+Z: undo"),
    "review.after_hint_easy": ("Space / Enter で次へ　4 で「簡単」に変更　Ctrl+Z で取り消し",
                               "Space / Enter: next   4: make it Easy   Ctrl+Z: undo"),
    "review.pick_one": ("数字キーで答える（↑↓ と Enter でも可）",
                        "Press the number (or ↑↓ and Enter)"),
    "review.pick_n": ("{n} つ選ぶ：数字キーか Space で印を付け、Enter で答える",
                      "Pick {n}: numbers or Space tick, Enter answers"),
    "review.tf_keys": ("1 または o ＝ 正しい　2 または x ＝ 誤り", "1 or t = true   2 or f = false"),
    "review.match_hint": ("↑↓ で行を選び、右の記号（a, b, …）を押す。そろったら Enter",
                          "↑↓ pick a row, press its letter (a, b, …); Enter when all are paired"),
    "review.cloze_hint": ("空欄ごとに入力して Enter（わからなければ ?）",
                          "Type each blank and press Enter (? if you don't know)"),
    "review.type_ja": ("日本語で入力して Enter（かな・ローマ字も可、わからなければ ?）",
                       "Type it in Japanese, then Enter (kana or romaji; ? if you don't know)"),
    "review.type_en": ("英語で入力して Enter（わからなければ ?）",
                       "Type it in English, then Enter (? if you don't know)"),
    "review.recall_hint": ("思い出してから Space / Enter で答えを表示",
                           "Recall it, then Space / Enter to show the answer"),
    "review.grade_hint": ("自己評価：1 もう一度　2 難しい　3 普通　4 簡単",
                          "Rate yourself: 1 again  2 hard  3 good  4 easy"),
    "review.done": ("お疲れさまでした！", "Session complete!"),
    "review.summary": ("{n} 問に回答・正答率 {pct}%・{minutes} 分",
                       "{n} answered · {pct}% right · {minutes} min"),
    "review.summary_detail": ("正解 {right}・惜しい {almost}・不正解 {wrong}・カード {cards} 枚",
                              "{right} right · {almost} almost · {wrong} wrong · {cards} cards"),
    "review.restart_hint": ("Space / Enter でもう一度　Esc でホーム　Ctrl+P で詰め込み学習",
                            "Space / Enter: again   Esc: home   Ctrl+P: cram"),
    "review.empty": ("今は復習するカードがありません。", "Nothing to review right now."),
    "review.empty_hint": ("コマンドパレット（Ctrl+P）から詰め込み学習ができます。",
                          "Cram from the command palette (Ctrl+P) to practise anyway."),
    "review.recorded": ("{n} 件の回答を記録しました", "{n} answers recorded"),
    "review.cram": ("詰め込み", "Cram"),
    "review.case": ("状況設定", "Scenario"),
    "cmd.review.filtered": ("復習：{what}", "Review: {what}"),
    "cmd.cram.flashcards": ("用語カード（自己評価）", "term flashcards (self-graded)"),
    # stats
    "stats.forecast": ("今後30日の復習予定", "Due in the next 30 days"),
    "stats.reviews": ("1日の回答数（直近30日）", "Answers per day (last 30 days)"),
    "stats.retention": ("記憶率（30日）", "Retention (30 days)"),
    "stats.answers": ("回答数（30日）", "Answers (30 days)"),
    "stats.mastery": ("分野ごとの習熟度", "Mastery by category"),
    "stats.mature_note": ("21日以上安定したカードの割合", "share of cards stable for 21+ days"),
    "stats.total": ("合計 {n}", "total {n}"),
    "stats.nothing_due": ("予定はまだありません", "nothing scheduled yet"),
    "stats.none": ("まだ記録がありません", "No reviews yet"),
    "stats.days_ago": ("{n}日前", "{n} days ago"),
    "stats.cards": ("定着 {mature}・学習済み {seen}・全 {total}",
                    "{mature} mature · {seen} seen · {total} cards"),
    "stats.state.new": ("新規", "new"),
    "stats.state.learning": ("学習中", "learning"),
    "stats.state.review": ("復習", "review"),
    "stats.state.relearning": ("再学習", "relearning"),
    "stats.state.suspended": ("停止", "suspended"),
    # settings
    "settings.display": ("表示", "Display"),
    "settings.study": ("学習（学習記録に保存）", "Study (saved in your progress database)"),
    "settings.furigana": ("ふりがな", "Furigana"),
    "settings.furigana.auto": ("自動（幅が足りなければ括弧）", "auto (brackets when narrow)"),
    "settings.furigana.ruby": ("ルビ（読みを上に）", "ruby (reading above)"),
    "settings.furigana.inline": ("括弧（漢字（かな））", "brackets (漢字（かな）)"),
    "settings.language": ("表示言語", "Interface language"),
    "settings.directions": ("用語カードの向き", "Term card directions"),
    "settings.new_per_day": ("1日の新規カード数", "New cards per day"),
    "settings.reviews_per_day": ("1日の復習上限", "Maximum reviews per day"),
    "settings.retention": ("目標の記憶率（0.70〜0.97）", "Desired retention (0.70–0.97)"),
    "settings.rollover": ("日付の切り替え時刻（0〜23時）", "New day starts at (hour 0–23)"),
    "settings.learn_ahead": ("先取り学習の範囲（分）", "Learn ahead limit (minutes)"),
    "settings.theme": ("テーマ", "Theme"),
    "settings.save": ("保存", "Save"),
    "settings.saved": ("設定を保存しました", "Settings saved"),
    "settings.invalid": ("設定を保存できません：{msg}", "Cannot save settings: {msg}"),
    "settings.direction.ja>en": ("日本語 → 英語", "Japanese → English"),
    "settings.direction.en>ja": ("英語 → 日本語", "English → Japanese"),
    "settings.direction.def>term": ("定義 → 用語", "Definition → term"),
    "settings.direction.reading": ("漢字 → 読み", "Kanji → reading"),
    "settings.no_store": ("学習記録が使えないため、学習の設定は保存できません。",
                          "No progress database: study settings cannot be saved."),
    # help
    "help.title": ("キー操作", "Keys"),
    "help.everywhere": ("どこでも", "Everywhere"),
    "help.close": ("Esc で閉じる", "Esc to close"),
    "help.keymap": (
        "キー割り当ては {path} で変更できます（例：nav.glossary = \"ctrl+g\"）。",
        "Remap keys in {path} (for example nav.glossary = \"ctrl+g\").",
    ),
    # common
    "common.on": ("オン", "on"),
    "common.off": ("オフ", "off"),
}


def tr(key: str, lang: str, /, **values: object) -> str:
    """The string `key` in `lang` ("ja" or "en"), with `{name}` fields filled in.

    Keys starting with "quiz:" are the quiz engine's own labels (verdicts, ratings,
    hints), shared with `exoterm review --plain` so both say the same thing.
    """
    if key.startswith("quiz:"):
        from exoterm.core.quiz.texts import tr as quiz_tr

        return quiz_tr(key[5:], lang, **values)
    pair = STRINGS.get(key)
    if pair is None:
        return key
    text = pair[0] if lang == "ja" else pair[1]
    return text.format(**values) if values else text


def label(key: str, lang: str, /) -> str:
    """The string `key` followed by a colon in the language's style (`：` or `: `)."""
    return tr(key, lang) + tr("common.colon", lang)
