"""M701: published after the deadline for the reporter's kind (1月31日 for departments and towns;
2月20日 / 3月10日 / 3月31日 for county / city / province consolidated reports; configurable under
``deadlines``), when a publication date is known (``--published``, the page's PubDate or 发布时间,
or, as a weaker hint reported at info level, a DOCX file's last-saved date).
"""

from __future__ import annotations

from ..findings import Finding, Location
from .entries import Entries
from .published import deadline
from .roster import kind_of

KIND_WORDS = {"department": ("部门或乡镇", "department or town"), "county": ("县级政府", "county government"),
              "city": ("市级政府", "city government"), "province": ("省级政府", "provincial government")}
SOURCE_WORDS = {"option": ("--published 指定", "given with --published"), "meta": ("网页发布时间元数据", "the page's PubDate"),
                "page": ("页面上的发布时间", "the publication date on the page"),
                "docx-core": ("Word 文件属性中的最后保存时间", "the Word file's last-saved date")}


def published_of(e, overrides: dict):
    return overrides.get(e.index) or (e.profile.published if e.profile is not None else None)


def check(entries: Entries, deadlines: dict, overrides: dict, roster=None):
    for e in entries.reported():
        pub = published_of(e, overrides)
        if pub is None or not e.year:
            continue
        kind = kind_of(e.agency, roster)
        due = deadline(e.year, kind, deadlines)
        if pub.date <= due:
            continue
        kzh, ken = KIND_WORDS[kind]
        szh, sen = SOURCE_WORDS.get(pub.source, (pub.source, pub.source))
        key = "weak_hint" if pub.source == "docx-core" else "default"
        yield e, Finding("M701", key, {"published": pub.date.isoformat(), "deadline": due.isoformat(),
                                       "days": (pub.date - due).days, "kind": kzh, "kind_en": ken,
                                       "source": szh, "source_en": sen, "year": e.year},
                         Location(), expected=due.isoformat(), actual=pub.date.isoformat())
