"""The language an article is written in, by py3langid (the maintained fork of langid.py:
a few MB of model inside the wheel, deterministic, no download). Loaded once per process,
on first use."""

import threading

_lock = threading.Lock()
_identifier = None
MIN_LETTERS = 40  # below this a guess is noise
MIN_CONFIDENCE = 0.5


def _get_identifier():
    global _identifier
    if _identifier is None:
        with _lock:
            if _identifier is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _identifier


def detect_language(text: str) -> str:
    """ISO 639-1 code such as 'en' or 'de'; '' when the text is too short or too mixed to tell."""
    sample = text[:5000]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return ""
    code, confidence = _get_identifier().classify(sample)
    return code if confidence >= MIN_CONFIDENCE else ""


def language_probability(text: str, code: str) -> float | None:
    """How likely `text` is written in language `code` (0-1); None for a code the model lacks."""
    return dict(_get_identifier().rank(text)).get(code)
