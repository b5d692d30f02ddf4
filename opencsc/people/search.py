"""Name normalisation shared by saving a person and searching for one."""

import re
import unicodedata


def normalise_name(text: str) -> str:
    """Lower case, accents removed, hyphens and apostrophes as spaces: 'Smith-Jones' → 'smith jones'."""
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9 ]+", " ", re.sub(r"['’]", "", text.lower())).strip()


def search_names_for(*names: str) -> str:
    words = []
    for name in names:
        words.extend(normalise_name(name).split())
    # Surrounding spaces let a search match whole-word prefixes with ' term'.
    return " " + " ".join(words) + " "


def soundex(word: str) -> str:
    """American Soundex: names that sound alike share a code (Smyth, Smith → S530)."""
    word = normalise_name(word).replace(" ", "")
    if not word or not word[0].isalpha():
        return ""
    codes = {**dict.fromkeys("bfpv", "1"), **dict.fromkeys("cgjkqsxz", "2"), **dict.fromkeys("dt", "3"), "l": "4",
             **dict.fromkeys("mn", "5"), "r": "6"}
    result, last = word[0].upper(), codes.get(word[0], "")
    for char in word[1:]:
        code = codes.get(char, "")
        if code and code != last:
            result += code
        if char not in "hw":
            last = code
    return (result + "000")[:4]


def search_keys_for(*names: str) -> str:
    keys: list[str] = []
    for name in names:
        keys.extend(soundex(word) for word in normalise_name(name).split())
    return " " + " ".join(k for k in keys if k) + " "


def close_spelling(typed: str, name: str) -> bool:
    """One slip of the keyboard apart (two for longer names): a letter missed, added, changed, or
    two letters swapped (optimal string alignment distance). The first letters must agree."""
    if not typed or not name or typed[0] != name[0]:
        return False
    allowed = 2 if len(name) >= 8 else 1
    if abs(len(typed) - len(name)) > allowed:
        return False
    previous_previous, previous = None, list(range(len(name) + 1))
    for i, a in enumerate(typed, start=1):
        current = [i] + [0] * len(name)
        for j, b in enumerate(name, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b))
            if previous_previous is not None and i > 1 and j > 1 and a == name[j - 2] and typed[i - 2] == b:
                current[j] = min(current[j], previous_previous[j - 2] + 1)
        if min(current) > allowed:
            return False
        previous_previous, previous = previous, current
    return previous[-1] <= allowed
