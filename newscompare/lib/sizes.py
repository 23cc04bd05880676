"""Sizes in words for messages ("the file is larger than the 5 MB limit")."""


def human_size(n: int) -> str:
    if n >= 1024 * 1024:
        mb = n / (1024 * 1024)
        return f"{mb:.0f} MB" if mb == int(mb) or mb >= 10 else f"{mb:.1f} MB"
    if n >= 1024:
        return f"{n // 1024} KB" if n % 1024 == 0 or n >= 10 * 1024 else f"{n / 1024:.1f} KB"
    return f"{n} bytes"
