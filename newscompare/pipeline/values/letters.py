"""Letters of any script for the name patterns. Python's `re` has no \\p{Lu}: UPPER is a
character class of every upper-case letter Unicode knows (Latin with its accents, Turkish
İ, Polish Ł, Cyrillic, Greek, ...), built once from the Unicode data; LETTER is any letter
(a word character that is neither a digit nor an underscore). Names keep their own
spelling; folding to ASCII is for matching only (entities.entity_key)."""

import re
import sys


def _class_of(chars: list[int]) -> str:
    parts, start = [], None
    for i, c in enumerate(chars):
        if start is None:
            start = c
        if i + 1 == len(chars) or chars[i + 1] != c + 1:
            parts.append(
                re.escape(chr(start))
                if start == c
                else f"{re.escape(chr(start))}-{re.escape(chr(c))}"
            )
            start = None
    return "[" + "".join(parts) + "]"


UPPER = _class_of([c for c in range(min(sys.maxunicode, 0x2FFFF) + 1) if chr(c).isupper()])
LETTER = r"[^\W\d_]"
