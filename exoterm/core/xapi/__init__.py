"""Answers as xAPI statements for a learning record store (LRS).

`statements` builds them (pure), `setting` is a profile's LRS setting, `recorder` turns a
session's answers into outbox entries, `credentials` keeps the LRS password apart,
`client` talks to the LRS over HTTP, and `push` sends the outbox. The outbox itself is
SQL, so it lives in `exoterm.core.store.outbox`.
"""
