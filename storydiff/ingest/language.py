"""Which language an article is in, from how often each language's commonest words occur.

Only English is analyzed for now; an article in another language is skipped and says which.
A short text (under ``MIN_WORDS`` words) is taken to be English: too few words to tell.
Texts in other scripts (Cyrillic, Greek, Arabic, CJK...) are named by their script.
"""

from __future__ import annotations

import re
import unicodedata

from ..errors import Skip
from ..model import Article

MIN_WORDS = 30
SAMPLE_WORDS = 2000
MIN_RATIO = 0.08  # below this share of stopwords, no listed language fits

# the commonest function words of each language (ISO 639-1 codes)
STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "the of and to a in is that for it was on with as by he she at from his her be have has had were "
        "this which are not but or an they their said will would been its who more after than there about "
        "into also them when we you what could up out".split()
    ),
    "de": frozenset(
        "der die das und ist nicht ein eine einer eines einem den dem des zu mit sich auf für von im auch "
        "es als wie bei nach aus wurde wird sind hat haben noch nur oder aber über dass vor sie wir ich "
        "werden war waren zum zur am um durch".split()
    ),
    "fr": frozenset(
        "le la les et est des une un du que qui dans pour pas sur au aux avec ce cette il elle ils sont "
        "ont été mais par plus ou son sa ses leur nous vous je ne se qu été était avait être comme".split()
    ),
    "es": frozenset(
        "el la los las y es que de del en un una por con para no se su sus al lo como más pero fue ha "
        "han era este esta son entre cuando muy sin sobre también hasta desde nos ya está están".split()
    ),
    "it": frozenset(
        "il lo la gli le e è di che un una per non con del della dei delle nel nella al alla si sono ha "
        "hanno era più ma anche come questo questa stato essere dal dalla degli sul sulla".split()
    ),
    "nl": frozenset(
        "de het een en van is dat niet op te in met voor zijn er aan ook als bij door maar om nog naar "
        "uit over tot dan werd wordt heeft hebben was waren deze dit die zij hij we ze".split()
    ),
    "pt": frozenset(
        "o a os as e é de do da dos das em no na nos nas um uma por para com não se que seu sua mais "
        "mas foi ao pelo pela como são está ser também já entre quando muito sem".split()
    ),
}

# scripts that name a language well enough to say which (the first Unicode name word of a letter)
SCRIPTS = {
    "CYRILLIC": "ru",
    "GREEK": "el",
    "ARABIC": "ar",
    "HEBREW": "he",
    "HANGUL": "ko",
    "HIRAGANA": "ja",
    "KATAKANA": "ja",
    "CJK": "zh",
    "DEVANAGARI": "hi",
    "THAI": "th",
    "BENGALI": "bn",
    "TAMIL": "ta",
    "GEORGIAN": "ka",
    "ARMENIAN": "hy",
}

WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def _script_language(words: list[str]) -> str | None:
    """A language named by the script most letters are in, when that is not Latin."""
    counts: dict[str, int] = {}
    letters = 0
    for w in words:
        for ch in w[:8]:
            letters += 1
            try:
                script = unicodedata.name(ch).split(" ")[0]
            except ValueError:
                continue
            counts[script] = counts.get(script, 0) + 1
    if not counts:
        return None
    script, n = max(counts.items(), key=lambda kv: kv[1])
    if script == "LATIN" or n < letters / 2:
        return None
    if script == "CJK" and (counts.get("HIRAGANA", 0) + counts.get("KATAKANA", 0)) > letters / 20:
        return "ja"
    return SCRIPTS.get(script, "und")


def detect_language(text: str) -> str:
    """An ISO 639-1 code ("en", "de"...), or "und" when the text fits none of the languages known here.

    Short texts (under ``MIN_WORDS`` words) are taken to be English.
    """
    words = [w.lower() for w in WORD.findall(text)[:SAMPLE_WORDS]]
    if len(words) < MIN_WORDS:
        return "en"
    by_script = _script_language(words)
    if by_script:
        return by_script
    ratios = {lang: sum(w in stop for w in words) / len(words) for lang, stop in STOPWORDS.items()}
    best = max(ratios, key=lambda lang: ratios[lang])
    if ratios[best] < MIN_RATIO:
        return "und"
    # English wins a close call: a quoted foreign phrase must not drop an English article
    if best != "en" and ratios["en"] >= MIN_RATIO and ratios["en"] * 1.25 >= ratios[best]:
        return "en"
    return best


def mark_languages(articles: list[Article]) -> list[Article]:
    """Articles not in English are skipped, with the language they seem to be in."""
    for a in articles:
        if a.status != "analyzed":
            continue
        lang = detect_language(a.text)
        if lang == "en":
            continue
        a.status = "skipped"
        a.reason = Skip.LANGUAGE_UNKNOWN if lang == "und" else Skip.LANGUAGE.format(lang=lang)
    return articles
