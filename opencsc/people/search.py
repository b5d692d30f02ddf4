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
    keys = []
    for name in names:
        keys.extend(soundex(word) for word in normalise_name(name).split())
    return " " + " ".join(k for k in keys if k) + " "
