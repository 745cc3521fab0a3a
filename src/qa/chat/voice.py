"""The asker's script: which one a reply is written in, and how text is shown in it."""

from __future__ import annotations

from dataclasses import dataclass

from qa.models import Script, TraditionalStandard
from qa.script import convert_script, detect_script, to_simplified, to_traditional

# Telegram's language_code is an IETF tag; these name traditional Chinese (zh-Hant, Taiwan,
# Hong Kong, Macau). Plain "zh" and zh-Hans/zh-CN/zh-SG are simplified.
TRADITIONAL_LANGUAGE_TAGS = frozenset({"zh-hant", "zh-tw", "zh-hk", "zh-mo"})


@dataclass(frozen=True, slots=True)
class Voice:
    """The script a reply is written in (simplified or traditional, in a regional standard)."""

    script: Script = Script.SIMPLIFIED
    standard: TraditionalStandard = TraditionalStandard.TAIWAN

    @property
    def is_traditional(self) -> bool:
        """True when the reply is written in traditional characters."""
        return self.script is Script.TRADITIONAL

    def say(self, phrase: str) -> str:
        """A phrase of ours (written in simplified) in this voice's script."""
        return to_traditional(phrase, self.standard) if self.is_traditional else phrase

    def show(self, text: str, source: Script) -> str:
        """Text of a report (written in `source`) in this voice's script; text already in it stays as written."""
        if self.is_traditional and source is Script.SIMPLIFIED:
            # Folded first: the text may already be OpenCC's generic traditional (爲), not this standard's (為).
            return to_traditional(to_simplified(text), self.standard)
        if self.is_traditional:
            return text
        return convert_script(text, Script.SIMPLIFIED, source_script=source)

    def show_any(self, text: str) -> str:
        """Text of unknown origin (a header line, a generated phrase) in this voice's script."""
        source = detect_script(text)
        if self.is_traditional:
            return self.show(text, Script.SIMPLIFIED if source is Script.UNKNOWN else source)
        return to_simplified(text) if source is Script.TRADITIONAL else text


SIMPLIFIED = Voice()


def script_of_language(language_code: str | None) -> Script | None:
    """TRADITIONAL for zh-Hant, zh-TW, zh-HK, zh-MO; SIMPLIFIED for other Chinese tags; None otherwise."""
    if not language_code:
        return None
    tag = language_code.strip().lower().replace("_", "-")
    if any(tag == known or tag.startswith(f"{known}-") for known in TRADITIONAL_LANGUAGE_TAGS):
        return Script.TRADITIONAL
    if tag == "zh" or tag.startswith("zh-"):
        return Script.SIMPLIFIED
    return None


def choose_script(message: str, last: Script | None = None, language_code: str | None = None) -> Script:
    """The script to answer in: the message's own; else the chat's last; else Telegram's language; else simplified."""
    own = detect_script(message)
    if own is not Script.UNKNOWN:
        return own
    if last is not None and last is not Script.UNKNOWN:
        return last
    return script_of_language(language_code) or Script.SIMPLIFIED
