"""Small wording helpers shared by the cross-document checks' messages."""

from __future__ import annotations

import os

HOW = {
    "exact": ("机关名称相同", "same agency name"),
    "normalised": ("机关名称规范化后相同", "same agency name once normalised"),
    "mapping": ("按配置的机关名称对应", "by the configured agency mapping"),
    "region-prefix": ("去掉地区前缀后机关名称相同", "same agency once the region prefix is dropped"),
    "ocr": ("按 OCR 形近字匹配机关名称", "agency names equal up to OCR look-alike characters"),
    "previous": ("由 --previous 指定", "given with --previous"),
    "roster": ("按名册匹配", "matched through the roster"),
}


def how_params(how: str) -> dict:
    zh, en = HOW.get(how, (how, how))
    return {"how": zh, "how_en": en}


def short(path: str) -> str:
    """A document's path as messages show it: relative to the working directory when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path
    return path if rel.startswith("..") else rel


def percent(x: float | None) -> str:
    return "?" if x is None else f"{x:.0%}" if x >= 0.995 or x == 0 else f"{x:.1%}"


def number(v) -> str:
    """A Decimal as written in a report: 12, 9116.36 (never 1.2E+1)."""
    from decimal import Decimal

    if isinstance(v, Decimal):
        v = v.normalize()
        return f"{v:f}" if v != v.to_integral_value() else str(int(v))
    return "?" if v is None else str(v)
