"""Imported by the ingest fork server: fills its caches once, so that the workers it forks start warm."""

from contextlib import suppress

from .ingest import warm

with suppress(Exception):  # a cold start is slower, never wrong
    warm()
