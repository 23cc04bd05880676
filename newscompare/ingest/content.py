"""Is this text an article? Checked on every record a reader makes, whatever it came from
(a .txt file, a JSONL line, a saved page, a fetched URL), before anything is stored.

- Prose has sentence breaks: a run of more than MAX_RUN_WITHOUT_BREAK characters with no
  full stop, question or exclamation mark and no line break is not article text (a word
  list, a minified script, a 2 MB line of filler) and is refused in words, before the
  indexer would spend minutes on it.
- An article has at least one sentence that is not site furniture (a cookie notice, a
  newsletter box, a footer: what segment.is_boilerplate flags). From a web page it needs
  one that also ends as a sentence does: a heading left alone by extraction ("Never miss
  a story") is the page's template, not reporting, while a headline given as the text of
  a JSONL line is what its sender chose to import.
"""

import re

from newscompare.pipeline import segment

# Four times the longest sentence segment ever keeps whole (MAX_SENTENCE_CHARS), and over
# ten times the longest sentence in ../shared/corpus (403 characters).
MAX_RUN_WITHOUT_BREAK = 4 * segment.MAX_SENTENCE_CHARS
# Sentence ends: a full stop, question or exclamation mark or ellipsis before a space or
# the end (not the point in "2.5" or "example.com"); the full stops of scripts written
# without spaces; line breaks.
_BREAK = re.compile(
    r"[.!?\u2026][\"'\u201d\u2019)\]]*(?=\s|$)|[\n\u3002\uff01\uff1f\uff61\u061f\u06d4\u0964\u0965\u1362]"
)


def text_problem(text: str, from_page: bool = False) -> str:
    """Why `text` is not an article, in words; "" when it is one. `from_page`: the text
    was extracted from HTML."""
    longest = max(len(run) for run in _BREAK.split(text))
    if longest > MAX_RUN_WITHOUT_BREAK:
        return (
            f"not article text: it runs {longest:,} characters without a sentence break "
            f"(a full stop, question mark, exclamation mark or new line); the limit is "
            f"{MAX_RUN_WITHOUT_BREAK:,}"
        )
    if not any(
        not s.is_boilerplate and not (from_page and segment.looks_like_headline(s.text))
        for s in segment.segment_text(text)
    ):
        return (
            "no article text: all it holds is site furniture and headings (cookie notices, "
            "newsletter boxes, footers, bylines, titles)"
        )
    return ""
