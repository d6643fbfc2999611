"""Errors that carry their message in Thai and in English."""

from __future__ import annotations


class BilingualError(ValueError):
    """A refusal whose message a Thai or an English reader can act on."""

    def __init__(self, th: str, en: str) -> None:
        super().__init__(f"{th} / {en}")
        self.th = th
        self.en = en
