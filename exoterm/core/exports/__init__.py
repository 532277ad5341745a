"""Exports of the content to the tools trainers already use: Anki, Moodle (GIFT, XML), CSV."""
