"""Named entities: capitalised names, with a spelling-tolerant key so that two outlets'
transliterations of one name meet ('Shoigu' / 'Shoygu'), common aliases ('ISIL' / 'Islamic
State') and acronyms ('Regional Security Council' / 'RSC')."""

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

from .dates import MONTH_AND_DAY_NAMES
from .letters import LETTER, UPPER
from .shape import Value

# A capitalised word in any script ('Çelikoğlu', 'Łódź', 'Лавров', 'Τσίπρας'), an acronym, or
# initials; joined into one name across 'of', 'al-', 'bin'.
_WORD = rf"{UPPER}(?:{LETTER}|['’-])+|{UPPER}{{2,}}|{UPPER}\.(?:{UPPER}\.)+"
_ENTITY = re.compile(rf"\b(?:{_WORD})(?:\s+(?:of\s+|al-|bin\s+)?(?:{_WORD}))*")
NOT_ENTITIES = {
    "the",
    "a",
    "an",
    "but",
    "and",
    "in",
    "on",
    "at",
    "if",
    "it",
    "he",
    "she",
    "they",
    "we",
    "this",
    "that",
    "there",
    "those",
    "these",
    "his",
    "her",
    "their",
    "our",
    "its",
    "as",
    "for",
    "while",
    "after",
    "before",
    "when",
    "i",
    "up",
    "obviously",
    "some",
    "mr",
    "mrs",
    "ms",
    "according",
    "speaking",
    "ahead",
    "under",
    "most",
    "every",
    "each",
    "no",
    "neither",
    "both",
    "one",
    "all",
    "local",
    "western",
    "eastern",
    "opposition",
    "however",
    "meanwhile",
    "also",
    "yet",
    "so",
}
TITLES = {
    "affairs",  # "Minister of Foreign Affairs"
    "secretary",
    "president",
    "minister",
    "spokesman",
    "spokeswoman",
    "general",
    "colonel",
    "col",
    "gen",
    "governor",
    "interior",
    "defence",
    "defense",
    "foreign",
    "prime",
    "deputy",
    "chief",
}
# Common aliases in news copy (general knowledge, not any one story's names): alias -> key.
ALIASES = {
    "isil": "islamic state",
    "isis": "islamic state",
    "is": "islamic state",
    "daesh": "islamic state",
    "islamic state": "islamic state",
    "us": "united states",
    "u.s": "united states",
    "usa": "united states",
    "u.s.a": "united states",
    "america": "united states",
    "united states": "united states",
    "uk": "united kingdom",
    "u.k": "united kingdom",
    "britain": "united kingdom",
    "great britain": "united kingdom",
    "united kingdom": "united kingdom",
    "un": "united nations",
    "u.n": "united nations",
    "united nations": "united nations",
    "eu": "european union",
    "european union": "european union",
    "russian federation": "russia",
    "russia": "russia",
    "nato": "nato",
    "pentagon": "pentagon",
    "uae": "united arab emirates",
    "ussr": "soviet union",
    "soviet union": "soviet union",
}


@lru_cache(maxsize=65536)
def entity_key(name: str) -> str:
    """A spelling-tolerant key for a name: transliterated to ASCII (any script: 'Лавров' ->
    'Lavrov', 'Łódź' -> 'Lodz'), lowercase, vowels (and y/w) after the first letter dropped,
    c/q/k and ph/f merged, doubled letters collapsed. 'Shoigu' and 'Shoygu' -> 'shg';
    'Kasymbek' and 'Qasymbek' -> 'ksmbk'. For matching only: names are shown as written."""
    ascii_name = anyascii(unicodedata.normalize("NFC", name)).lower()
    alias = ALIASES.get(ascii_name.replace(".", "").strip())
    if alias:
        return "=" + alias
    letters = re.sub(r"[^a-z]", "", ascii_name)
    if not letters:
        return ""
    letters = letters.replace("ph", "f").replace("ck", "k").replace("q", "k").replace("x", "ks")
    letters = re.sub(r"c(?=[aou]|$|[^eiyh])", "k", letters)
    key = letters[0] + re.sub(r"[aeiouyw]", "", letters[1:])
    return re.sub(r"(.)\1+", r"\1", key)


_NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


def surname(name: str) -> str:
    """The last word of a person's name, past a generational suffix: 'Anthony Reyes III'
    and 'Reyes' share 'Reyes'; 'Mark Dunn Jr.' gives 'Dunn'."""
    words = name.replace(",", " ").split()
    while len(words) > 1 and words[-1].lower().strip(".") in _NAME_SUFFIXES:
        words = words[:-1]
    return words[-1] if words else ""


def _acronym(words: list[str]) -> str:
    caps = [
        w[0].lower() for w in words if w[:1].isupper() and w.lower() not in ("of", "the", "and")
    ]
    return "".join(caps) if len(caps) >= 2 else ""


def _without_title(words: list[str]) -> list[str]:
    """The name without the words before it that are no name: 'Secretary of State John
    Kerry' -> 'John Kerry', 'Minister of Foreign Affairs Anna Berg' -> 'Anna Berg'."""
    while words and words[0].lower().strip("'’") in NOT_ENTITIES | TITLES:
        words = words[1:]
        if words and words[0] == "of":  # "Secretary of State ...", "Governor of Texas"
            words = words[1:]
            if len(words) > 1 and words[0].lower() not in TITLES:
                words = words[1:]  # the office's own word before the name: "State", "Justice"
    return words


def extract_entities(sentence: str) -> list[Value]:
    out = []
    for m in _ENTITY.finditer(sentence):
        words = _without_title(m.group().split())
        if not words or all(w.lower() in MONTH_AND_DAY_NAMES for w in words):
            continue
        name = re.sub(r"['’]s$", "", " ".join(words))
        full = ALIASES.get(name.lower().replace(".", "").replace("’", "'"))
        if full:
            key = "=" + full
        else:
            key = entity_key(re.sub(r"['’]s$", "", words[-1]))
        out.append(
            {
                "type": "entity",
                "text": name,
                "normalized": key,
                "acronym": _acronym(words) if not full else "",
                "start": m.end() - len(" ".join(words)),
                "end": m.end(),
            }
        )
    return out


def entity_keys(values: list[Value]) -> set[str]:
    """Keys under which two sentences' entities meet: each name's key and, for a multi-word
    name, its acronym ('Regional Security Council' meets 'RSC')."""
    keys = set()
    for v in values:
        if v["type"] == "entity" and v["normalized"]:
            keys.add(v["normalized"])
            if v.get("acronym"):
                keys.add(entity_key(v["acronym"]))
            if v["text"].isupper() and len(v["text"]) >= 2:
                keys.add(entity_key(v["text"]))
    return keys


def acronyms(values: list[Value]) -> tuple[set[str], set[str]]:
    """(acronyms of the multi-word names a sentence spells out, bare acronyms it uses):
    'Regional Security Council' gives 'rsc' to the first, 'RSC' to the second."""
    spelled, bare = set(), set()
    for v in values:
        if v["type"] != "entity":
            continue
        if v.get("acronym"):
            spelled.add(v["acronym"])
        elif v["text"].isupper() and len(v["text"]) >= 2:
            bare.add(v["text"].lower())
    return spelled, bare
