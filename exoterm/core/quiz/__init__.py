"""The study loop without a UI: questions, term cards, answer checking, rating, sessions.

Pure and typed (no textual import). A screen or `exoterm review --plain` drives a
`StudySession` and renders its `Question` / `Judgement` / `Committed` dataclasses; the
rating rule is documented in `exoterm.core.quiz.rating`, the answer line syntax in
`exoterm.core.quiz.answers`.

Nothing is re-exported here: importing one module (Home's `intervals.next_due_text`)
must not import the whole engine. Re-exporting it cost every start ~16 ms of CPU on
the loader thread before Home could show its counts.
"""
