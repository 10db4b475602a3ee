"""Text normalisation for label matching and cell-value parsing.

Labels in real reports differ from the template in width (（一） vs (一)),
whitespace (PDF line breaks inside words, 分散对齐), numbering (1. 1、 1．),
quotes around 三安全一稳定 and Kangxi-radical look-alikes that PDF text
extraction produces (⼀ U+2F00 for 一).  ``label_key`` folds all of these so
that two spellings of the same label compare equal.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from decimal import Decimal, InvalidOperation

_WS_RE = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")
_QUOTES = "“”\"'‘’「」『』〝〞＂"
_QUOTE_RE = re.compile("[" + re.escape(_QUOTES) + "]")
# 1、 1. 1． 1) → "1."
_NUM_RE = re.compile(r"^(\d+)\s*[、.．,，)）]\s*")
_CN_NUM = "一二三四五六七八九十"
_BRACKET_NUM_RE = re.compile(r"^[(（]\s*([" + _CN_NUM + r"]+)\s*[)）]\s*[、.．]?")
_CN_HEAD_RE = re.compile(r"^([" + _CN_NUM + r"]+)\s*[、.．,，]\s*")
_TRAIL_PUNCT_RE = re.compile(r"[：:；;，,。.、\s]+$")


def nfkc(text: str) -> str:
    """NFKC (full-width → half-width, Kangxi radicals → ideographs)."""
    return unicodedata.normalize("NFKC", text)


def squash(text: str) -> str:
    """Remove all whitespace (PDF/HTML line breaks and spaces inside labels)."""
    return _WS_RE.sub("", text)


def clean_text(text: str) -> str:
    """Collapse whitespace runs to one space; drop whitespace between CJK characters."""
    text = _WS_RE.sub(" ", text).strip()
    return re.sub(r"(?<=[\u3000-\u9fff\uff00-\uffef]) (?=[\u3000-\u9fff\uff00-\uffef])", "", text)


@lru_cache(maxsize=8192)
def label_key(text: str) -> str:
    """Fold a label for comparison: NFKC, no whitespace, no quotes, unified numbering."""
    t = squash(nfkc(text))
    t = _QUOTE_RE.sub("", t)
    t = _NUM_RE.sub(lambda m: m.group(1) + ".", t)
    t = _BRACKET_NUM_RE.sub(lambda m: "(" + m.group(1) + ")", t)
    t = _CN_HEAD_RE.sub(lambda m: m.group(1) + "、", t)
    t = _TRAIL_PUNCT_RE.sub("", t)
    return t


@lru_cache(maxsize=8192)
def bare_label(text: str) -> str:
    """``label_key`` without its leading numbering: "(一)予以公开" → "予以公开"."""
    t = label_key(text)
    t = re.sub(r"^(\d+\.|\([" + _CN_NUM + r"]+\)|[" + _CN_NUM + r"]+、)", "", t)
    return t


@lru_cache(maxsize=8192)
def numbering(text: str) -> str:
    """The leading numbering of a folded label ("1.", "(三)", "四、") or ""."""
    t = label_key(text)
    m = re.match(r"^(\d+\.|\([" + _CN_NUM + r"]+\)|[" + _CN_NUM + r"]+、)", t)
    return m.group(1) if m else ""


# ---------------------------------------------------------------- cell values

ZERO_TOKENS = {"-", "—", "–", "－", "/", "／", "无", "——", "--", "\\", "、"}
# a count or an amount in these reports has at most a dozen digits; more is a typo or an attack
# (a 5,000-digit number cannot even be printed by Python's int), so it is not taken as a number
MAX_INT_DIGITS = 15
MAX_FRACTION_DIGITS = 10
_UNIT_RE = re.compile(r"(万元|元|件|个|项|条|次|人次)$")
_NUMBER_RE = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


@dataclass(frozen=True)
class ParsedValue:
    """A cell's value: ``state`` is number, blank, dash, implausible (a number of more digits than
    :data:`MAX_INT_DIGITS` / :data:`MAX_FRACTION_DIGITS`; value None), or invalid."""

    state: str
    value: Decimal | None
    unit: str = ""

    @property
    def is_number(self) -> bool:
        return self.state == "number"


@lru_cache(maxsize=8192)
def parse_value(raw: str) -> ParsedValue:
    """Parse a data cell: full-width digits, thousands separators and a unit are accepted.

    blank → state "blank" (value 0); ``- — / 无`` → "dash" (value 0);
    anything else that is not a number → "invalid" (value None).
    """
    t = squash(nfkc(raw or ""))
    if not t:
        return ParsedValue("blank", Decimal(0))
    if t in ZERO_TOKENS:
        return ParsedValue("dash", Decimal(0))
    unit = ""
    m = _UNIT_RE.search(t)
    if m and m.start() > 0:
        unit = m.group(1)
        t = t[: m.start()]
    t = t.replace("，", ",").replace("−", "-").replace("–", "-").replace("—", "-")
    if _NUMBER_RE.match(t):
        whole, _, fraction = t.replace(",", "").lstrip("+-").partition(".")
        if len(whole.lstrip("0")) > MAX_INT_DIGITS or len(fraction) > MAX_FRACTION_DIGITS:
            return ParsedValue("implausible", None, unit)
        try:
            return ParsedValue("number", Decimal(t.replace(",", "")), unit)
        except InvalidOperation:  # pragma: no cover - regex guarantees a decimal
            pass
    return ParsedValue("invalid", None, unit)


def implausible_params(raw: str) -> dict:
    """Message parameters for an implausible number: the text shortened, and its digit count."""
    t = squash(nfkc(raw or ""))
    shown = t if len(t) <= 24 else f"{t[:10]}…{t[-6:]}"
    return {"raw": shown, "digits": sum(ch.isdigit() for ch in t)}


def looks_like_value(raw: str) -> bool:
    """True for text that belongs in a data cell (a number, blank, or a zero token)."""
    return parse_value(raw).state != "invalid"
