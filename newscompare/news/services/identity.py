"""What names a claim across re-indexes: its members' (article, normalized text hash),
and the key made of them."""

import hashlib


def member_identity(article_id: int, text_hash: str) -> list:
    return [article_id, text_hash[:16]]


def claim_member_key(members: list) -> str:
    """A claim's identity across re-indexes: its members, order-free."""
    joined = "|".join(f"{a}:{h}" for a, h in sorted(map(tuple, members)))
    return hashlib.sha256(joined.encode()).hexdigest()
