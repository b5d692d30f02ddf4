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
