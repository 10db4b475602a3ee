"""Stray control characters in a text or HTML report (a flipped bit in a tab, a newline or a space) are an
E001 ``control_chars`` note naming the count and the first line, whatever the file's encoding; a DOS
end-of-file mark at the end is not damage."""

from __future__ import annotations

import pytest

from govdisclose_lint.readers.integrity import decode_report


def _controls(notes):
    return [n.params for n in notes if n.key == "control_chars"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_control_characters_are_found_in_every_encoding(corpus, encoding):
    text = corpus("2020_xigong.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    lines[4] = lines[4][:3] + "\x01" + lines[4][3:]
    lines[9] = lines[9] + "\x1f"
    damaged = "\n".join(lines).encode(encoding)
    _, notes = decode_report(damaged, "text")
    assert _controls(notes) == [{"n": 2, "line": 5}]
    _, notes = decode_report(text.encode(encoding), "text")
    assert _controls(notes) == []


def test_a_dos_end_of_file_mark_is_no_damage(corpus):
    data = corpus("2020_xigong.txt").read_bytes()
    _, notes = decode_report(data + b"\x1a", "text")
    assert _controls(notes) == []
    _, notes = decode_report(data + b"\x1a\x01\x1a", "text")
    assert _controls(notes) == [{"n": 2, "line": data.count(b"\n") + 1}]  # only the last marks are the end


def test_controls_in_a_web_page(corpus):
    data = corpus("2022_pingtan.html").read_bytes().replace("主动公开".encode(), "主动\x08公开".encode(), 1)
    _, notes = decode_report(data, "html")
    assert len(_controls(notes)) == 1 and _controls(notes)[0]["n"] == 1
