"""The hash that identifies a text whatever its case, Unicode form or spacing: duplicates on
ingest, cached embeddings and claim identities across re-indexes all use it."""

import hashlib
import unicodedata


def normalized_text_hash(text: str) -> str:
    """Same hash for texts that differ only in case, Unicode form or whitespace."""
    norm = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()
