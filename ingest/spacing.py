"""Minutes whose PDF text layer lost the spaces between words (의석을정돈하여주시기바랍니다.).

Printed minutes space about one in three to four Hangul syllables; a text layer that lost its spaces
has a small fraction of that. Such a meeting's speech gets its spaces back from Kiwi's spacing model,
so the reader and snippets are legible, and the meeting says so (``spacing_restored``).
"""

from __future__ import annotations

import re

from hearings.analysis import KiwiAnalyzer
from ingest.models import Meeting

# Printed minutes in the corpus: 0.28–0.32 spaces per Hangul syllable; the spaceless 2024 PDF: 0.05.
MIN_SPACES_PER_SYLLABLE = 0.12
_HANGUL = re.compile(r"[가-힣]")


def lacks_spacing(meeting: Meeting) -> bool:
    speech = " ".join(turn.text for turn in meeting.turns)
    syllables = len(_HANGUL.findall(speech))
    return syllables >= 200 and speech.count(" ") / syllables < MIN_SPACES_PER_SYLLABLE


def restore_spacing(meeting: Meeting, analyzer: KiwiAnalyzer) -> None:
    """Re-spaces every speech paragraph in place (stage directions and time markers are left as printed)."""
    speech = [p for turn in meeting.turns for p in turn.paragraphs if p.kind == "speech"]
    for paragraph, spaced in zip(speech, analyzer.restore_spacing([p.text for p in speech]), strict=True):
        paragraph.text = spaced
    meeting.spacing_restored = True
