"""Damaged and absurd documents (issue 10: F1/F2, F4, F5, F8, F9, F10), built from corpus reports at test
time and linted in one CLI run with the originals beside them.

None may crash the run or lose a document; a damaged file is never `checked` unless what was read is the
report itself (a GBK page behind a UTF-8 BOM, a page declaring charset="undefined": read right, findings
equal to the original's).
"""

from __future__ import annotations

import codecs
import encodings.aliases
import json
import re

import pytest
from click.testing import CliRunner

from govdisclose_lint import cli
from govdisclose_lint.readers.decode import decode_text
from tests.badfiles import flip_bits, insert_random, odt_from_text, set_pdf_length

DIGITS = "9" * 5000


def _variants(corpus) -> dict[str, bytes]:
    html22 = corpus("2022_pingtan.html").read_bytes()
    html20 = corpus("2020_pingtan.html").read_bytes().decode("utf-8")
    xigong = corpus("2020_xigong.txt").read_bytes()
    shuyang = corpus("2025_shuyangxian.txt").read_bytes()
    shuyang_text = shuyang.decode("utf-8")
    half = len(xigong.decode("utf-8")) // 2
    para = xigong.index("为此，我们结合城管执法宣传".encode())  # inside the last paragraph of section 五
    row = corpus("2024_shkewei.md").read_bytes()
    row_cut = row.index("| 规范性文件 | 13 | 0 |".encode()) + len("| 规范性文件 | 13 | 0 |".encode())
    mid_char = shuyang.index("全县行政机关在办理".encode()) + 1  # inside 全
    return {
        # F1/F2: absurd numbers in 表二 and 表三
        "t2-5000-digits.txt": shuyang_text.replace("| 行政事业性收费 | 4068.208 |",
                                                   f"| 行政事业性收费 | {DIGITS} |").encode(),
        "t3-5000-digits.txt": shuyang_text.replace("| 本年新收政府信息公开申请数量 | 705 |",
                                                   f"| 本年新收政府信息公开申请数量 | {DIGITS} |").encode(),
        "t2-5000-digits.html": html22.replace(b">2113<", f">{DIGITS}<".encode()),  # 行政处罚 处理决定数量
        "t3-16-digits.txt": shuyang_text.replace("| 本年新收政府信息公开申请数量 | 705 |",
                                                 "| 本年新收政府信息公开申请数量 | 1111111111111111 |").encode(),
        # F4: mojibake
        "gbk-behind-utf8-bom.html": codecs.BOM_UTF8 + html22.decode("utf-8").encode("gb18030"),
        "random-bytes-inserted.txt": insert_random(xigong, 3700, seed=1),
        "random-bytes-inserted.html": insert_random(html22, 3700, seed=1),
        "55-bit-flips.txt": flip_bits(shuyang, 55, seed=2),
        "half-utf8-half-gbk.txt": xigong.decode("utf-8")[:half].encode("utf-8")
        + xigong.decode("utf-8")[half:].encode("gb18030"),
        # F5: cut off
        "head-c-130634.html": html22[:130634],
        "cut-mid-sentence.txt": xigong[:para + 60],
        "cut-mid-row.md": row[:row_cut],
        "cut-mid-character.txt": shuyang[:mid_char],
        # F8: a charset name that is a Python codec which refuses everything
        "charset-undefined.html": re.sub(r'charset=["\']?utf-8["\']?', 'charset="undefined"', html20,
                                         flags=re.I).encode("gb18030"),
        # F9: a damaged OpenDocument file, and one without its content
        "damaged.odt": odt_from_text(xigong.decode("utf-8"))[:600],
        # F10: a stream that asks for a terabyte
        "length-999999999999.pdf": set_pdf_length(corpus("2024_huaianshi.pdf").read_bytes(), b"999999999999"),
    }


ORIGINALS = ("2022_pingtan.html", "2020_pingtan.html", "2025_shuyangxian.txt")


@pytest.fixture(scope="module")
def linted(corpus_dir, tmp_path_factory):
    def corpus(name):
        return corpus_dir / name

    folder = tmp_path_factory.mktemp("damaged")
    variants = _variants(corpus)
    for name, data in variants.items():
        (folder / name).write_bytes(data)
    for name in ORIGINALS:
        (folder / ("original-" + name)).write_bytes(corpus(name).read_bytes())
    # every variant is a copy of a corpus report: the cross-document checks (X5) would rightly pair them
    # as duplicates and copies, which is not what this suite is about
    res = CliRunner().invoke(cli.main, ["check", str(folder), "--format", "json", "--jobs", "2", "--isolated",
                                        "--no-progress", "--timeout", "60", "--ignore", "X5"])
    docs = {d["path"].rsplit("/", 1)[-1]: d for d in json.loads(res.stdout)["documents"]}
    return res, variants, docs


def codes(doc):
    return [f["code"] for f in doc["findings"]]


def test_nothing_crashes_and_nothing_is_lost(linted):
    res, variants, docs = linted
    assert res.exit_code == 3 and "Traceback" not in res.output
    assert set(docs) == set(variants) | {"original-" + n for n in ORIGINALS}
    internal = [(n, f["message"]) for n, d in docs.items() for f in d["findings"] if "内部错误" in f["message"]]
    assert internal == []


@pytest.mark.parametrize("name,digits,table,original", [
    ("t2-5000-digits.txt", 5000, "T2", "2025_shuyangxian.txt"),
    ("t3-5000-digits.txt", 5000, "T3", "2025_shuyangxian.txt"),
    ("t3-16-digits.txt", 16, "T3", "2025_shuyangxian.txt"),
    ("t2-5000-digits.html", 5000, "T2", "2022_pingtan.html")])
def test_absurd_numbers_are_c202_with_the_text_shown(linted, name, digits, table, original):
    _, _, docs = linted
    doc = docs[name]
    c202 = [f for f in doc["findings"] if f["code"] == "C202"]
    assert doc["status"] == "checked" and len(c202) == 1
    assert c202[0]["location"]["table"] == table and f"有 {digits} 位" in c202[0]["message"]
    assert len(c202[0]["message"]) < 200 and "actual" not in c202[0]
    # the bad cell is unusable, not a value: no arithmetic finding comes from it
    assert [c for c in codes(doc) if c != "C202"] == codes(docs["original-" + original])


@pytest.mark.parametrize("name,original", [("gbk-behind-utf8-bom.html", "2022_pingtan.html"),
                                           ("charset-undefined.html", "2020_pingtan.html")])
def test_wrong_encoding_labels_are_read_right(linted, name, original):
    _, _, docs = linted
    want = docs["original-" + original]
    assert docs[name]["status"] == "checked" == want["status"]
    assert [(f["code"], f["message"]) for f in docs[name]["findings"]] == \
        [(f["code"], f["message"]) for f in want["findings"]]


@pytest.mark.parametrize("name", ["random-bytes-inserted.txt", "random-bytes-inserted.html", "55-bit-flips.txt",
                                  "half-utf8-half-gbk.txt"])
def test_mojibake_is_never_checked(linted, name):
    _, _, docs = linted
    doc = docs[name]
    assert doc["status"] != "checked" and codes(doc)[0] == "E001"
    if doc["status"] == "unreadable":  # not read at all: nothing is blamed on the report
        assert codes(doc) == ["E001"]
    else:  # a few damaged bytes in a readable text: read with a warning that says where
        assert doc["status"] == "partial" and "无法按 utf-8 解码" in doc["findings"][0]["message"]


def test_undecodable_names_what_was_tried(linted):
    _, _, docs = linted
    doc = docs["half-utf8-half-gbk.txt"]
    assert (doc["status"], codes(doc)) == ("unreadable", ["E001"])
    assert "utf-8" in doc["findings"][0]["message"] and "gb18030" in doc["findings"][0]["message"]


@pytest.mark.parametrize("name,words", [("head-c-130634.html", "</html>"), ("cut-mid-sentence.txt", "句子中途"),
                                        ("cut-mid-row.md", "表格的一行中途"), ("cut-mid-character.txt", "字符的中途")])
def test_cut_off_text_formats_are_e001_not_blamed_on_the_report(linted, name, words):
    _, _, docs = linted
    doc = docs[name]
    assert (doc["status"], codes(doc)) == ("partial", ["E001"])
    assert words in doc["findings"][0]["message"]


def test_damaged_odt_is_corrupt_not_unsupported(linted):
    _, _, docs = linted
    doc = docs["damaged.odt"]
    assert (doc["status"], codes(doc)) == ("unreadable", ["E001"])
    assert "ODT" in doc["findings"][0]["message"] and "不支持" not in doc["findings"][0]["message"]


def test_absurd_stream_length_is_a_limit(linted):
    _, _, docs = linted
    doc = docs["length-999999999999.pdf"]
    assert (doc["status"], codes(doc)) == ("partial", ["E005"])
    assert "999999999999" in doc["findings"][0]["message"]


def test_no_declared_charset_makes_decode_raise(corpus):
    """F8: whatever codec name a page declares, decode.py keeps its promise never to raise."""
    page = corpus("2020_pingtan.html").read_bytes().decode("utf-8")[:20000]
    labels = sorted(set(encodings.aliases.aliases.values()) | {"undefined", "x-user-defined", "utf-7", "rot13"})
    for label in labels:
        data = re.sub(r'charset=["\']?utf-8["\']?', f'charset="{label}"', page, flags=re.I).encode("gb18030")
        text, enc = decode_text(data)
        assert enc in ("gb18030", "gbk") and "政府信息公开" in text, label
