"""--format sarif: valid against the official SARIF 2.1.0 schema, with real content."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from govdisclose_lint import __version__, registry
from govdisclose_lint.reporters.sarif import SarifReporter

from .util import render

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
CORPUS = ["2020_pingtan.html", "2023_hongzequ.pdf", "2020_xigong.txt", "2024_huaianshi.pdf",
          "2020_pingtan-flat.txt", "empty"]


def sarif(results, lang="zh") -> dict:
    log = json.loads(render(SarifReporter, results, lang))
    validator_cls = jsonschema.validators.validator_for(SCHEMA)
    assert validator_cls is jsonschema.Draft4Validator  # the draft the schema declares
    errors = sorted(validator_cls(SCHEMA, format_checker=jsonschema.FormatChecker()).iter_errors(log), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])
    return log


def results_of(log, code=None):
    res = log["runs"][0]["results"]
    return [r for r in res if code is None or r["ruleId"] == code]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_schema_valid_for_a_mixed_batch(linted, odd_results, lang, monkeypatch, corpus_dir):
    monkeypatch.chdir(corpus_dir)
    log = sarif([linted(n, lang) for n in CORPUS] + odd_results, lang)
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1
    run = log["runs"][0]
    assert run["language"] == {"zh": "zh-CN", "en": "en-US"}[lang]
    driver = run["tool"]["driver"]
    assert driver["name"] == "govdisclose-lint" and driver["version"] == __version__
    # only the rules with results, in catalogue order, and ruleIndex points at the right one
    ids = [r["id"] for r in driver["rules"]]
    assert ids == [c for c in registry.rules() if c in {r["ruleId"] for r in run["results"]}]
    assert all(driver["rules"][r["ruleIndex"]]["id"] == r["ruleId"] for r in run["results"])
    for uri in [a["location"]["uri"] for a in run["artifacts"]]:
        assert uri.isascii() and "\\" not in uri


def test_pingtan_a302_results(linted, monkeypatch, corpus_dir):
    monkeypatch.chdir(corpus_dir)
    log = sarif([linted("2020_pingtan.html")])
    run = log["runs"][0]
    rule = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rule] == ["A302"]
    a302 = registry.get("A302")
    assert rule[0]["name"] == a302.name == "t3-result-total-mismatch"
    assert rule[0]["shortDescription"]["text"] == a302.summary["zh"]
    assert rule[0]["fullDescription"]["text"] == a302.docs["what"]["zh"]
    assert rule[0]["defaultConfiguration"]["level"] == "error"
    help_ = rule[0]["help"]
    for part in (a302.docs["what"]["zh"], a302.docs["why"]["zh"], a302.docs["fail"], a302.docs["pass"]):
        assert part in help_["text"] and part in help_["markdown"]
    assert "**为何重要**" in help_["markdown"]

    res = results_of(log)
    assert [(r["ruleId"], r["level"], r["ruleIndex"]) for r in res] == [("A302", "error", 0)] * 2
    total = res[1]
    assert total["message"]["text"] == "表三“（七）总计”“总计”应为 27（（一）至（六）各项之和），实际为 21"
    assert total["properties"]["expected"] == 27 and total["properties"]["actual"] == 21
    assert total["properties"]["difference"] == -6 and total["properties"]["operands"]["T3.K1.总计"] == 7
    loc = total["locations"][0]
    assert loc["physicalLocation"]["artifactLocation"] == {"uri": "2020_pingtan.html", "uriBaseId": "SRCROOT",
                                                          "index": 0}
    assert "region" not in loc["physicalLocation"]  # HTML: no line, no page
    member, module = loc["logicalLocations"]
    assert member == {"name": "总计", "fullyQualifiedName": "T3/三、本年度办理结果/（七）总计/总计", "kind": "member"}
    assert module["kind"] == "module" and module["name"] == "三、收到和处理政府信息公开申请情况"
    assert run["artifacts"][0]["properties"]["status"] == "checked"
    assert run["artifacts"][0]["properties"]["agency"] == "平潭综合实验区"
    assert run["originalUriBaseIds"]["SRCROOT"]["uri"] == corpus_dir.resolve().as_uri() + "/"
    assert run["properties"]["summary"]["by_code"] == {"A302": 2}


def test_pdf_pages_and_text_lines(linted):
    log = sarif([linted("2023_hongzequ.pdf"), linted("2020_xigong.txt")])
    a304 = results_of(log, "A304")
    assert len(a304) == 2
    for r in a304:
        phys = r["locations"][0]["physicalLocation"]
        assert phys["properties"] == {"page": 4} and "region" not in phys  # SARIF has no page: a property
    assert {r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] for r in a304} == \
        {"T4/行政复议/总计", "T4/复议后起诉/总计"}
    c201 = results_of(log, "C201")
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in c201] == [47, 48]
    assert {r["level"] for r in c201} == {"note"}  # info → note
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["C201"]["defaultConfiguration"]["level"] == "note"
    assert rules["S103"]["defaultConfiguration"]["level"] == "note"  # default info, this finding warning
    assert {r["level"] for r in results_of(log, "S103")} == {"warning"}
    uri = log["runs"][0]["artifacts"][0]["location"]["uri"]
    assert uri.startswith("file:///") and uri.endswith("/2023_hongzequ.pdf")  # outside cwd: absolute


def test_unchecked_documents_appear(linted, monkeypatch, corpus_dir):
    monkeypatch.chdir(corpus_dir)
    log = sarif([linted("empty"), linted("2020_pingtan-flat.txt"), linted("2024_huaianshi.pdf")])
    run = log["runs"][0]
    assert [a["properties"]["status"] for a in run["artifacts"]] == ["unreadable", "partial", "checked"]
    e001 = results_of(log, "E001")
    assert len(e001) == 1 and e001[0]["level"] == "error"
    assert e001[0]["message"]["text"] == "文件为空（0 字节或没有任何文字）"
    assert e001[0]["locations"][0]["physicalLocation"]["artifactLocation"]["index"] == 0
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert [n["properties"]["status"] for n in notes] == ["unreadable", "partial"]
    assert [n["locations"][0]["physicalLocation"]["artifactLocation"]["index"] for n in notes] == [0, 1]
    assert not [r for r in run["results"] if r["locations"][0]["physicalLocation"]["artifactLocation"]["index"] == 2]


def test_odd_results_percent_encoding_and_waivers(odd_results, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    log = sarif(odd_results)
    run = log["runs"][0]
    uris = [a["location"]["uri"] for a in run["artifacts"]]
    assert uris[0] == "reports/%E5%8A%A0%E5%AF%86.pdf" and uris[3] == "reports/bare%2C%20odd%3Aname.html"
    assert [a["properties"]["status"] for a in run["artifacts"]] == ["encrypted", "partial", "unsupported", "checked"]
    bare, info, waived = results_of(log)[3:]
    assert bare["ruleId"] == "S101" and "logicalLocations" not in bare["locations"][0] and "properties" not in bare
    assert info["level"] == "note" and "\n" in info["message"]["text"]
    assert waived["suppressions"] == [{"kind": "external", "status": "accepted",
                                       "justification": "经核实，原报告已在政府网站更正"}]
    assert "suppressions" not in bare


def test_english_and_stable_fingerprints(linted):
    zh = sarif([linted("2020_xigong.txt", "zh")], "zh")
    en = sarif([linted("2020_xigong.txt", "en")], "en")
    s107 = results_of(en, "S107")[0]["message"]["text"]
    assert "cannot be attributed to columns" in s107 and "1.属于国家秘密" in s107  # English, labels kept
    assert "无法对应到各列" in results_of(zh, "S107")[0]["message"]["text"]
    rule_en = {r["id"]: r for r in en["runs"][0]["tool"]["driver"]["rules"]}["S107"]
    assert rule_en["shortDescription"]["text"] == registry.get("S107").summary["en"]
    assert "**Why it matters**" in rule_en["help"]["markdown"]
    fp = [[r["partialFingerprints"]["govdiscloseLint/v1"] for r in results_of(log)] for log in (zh, en)]
    assert fp[0] == fp[1]  # not tied to the message language
    assert len(set(fp[0])) == len(fp[0]) == 8  # one per finding


def test_the_schema_check_is_not_vacuous(linted):
    log = json.loads(render(SarifReporter, [linted("2020_xigong.txt")]))
    validator = jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    assert not list(validator.iter_errors(log))
    log["runs"][0]["results"][0]["level"] = "info"  # not a SARIF level
    log["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["region"] = {"startLine": 0}
    del log["runs"][0]["tool"]["driver"]["name"]
    assert len(list(validator.iter_errors(log))) >= 3


def test_artifact_locations(tmp_path):
    from govdisclose_lint.reporters.sarif import artifact_location

    base = str(tmp_path)
    assert artifact_location(str(tmp_path / "..a.html"), base) == {"uri": "..a.html", "uriBaseId": "SRCROOT"}
    assert artifact_location(str(tmp_path / "sub" / "年报 2020.pdf"), base) == \
        {"uri": "sub/%E5%B9%B4%E6%8A%A5%202020.pdf", "uriBaseId": "SRCROOT"}
    outside = artifact_location(str(tmp_path.parent / "x y.pdf"), base)
    assert outside == {"uri": (tmp_path.parent / "x y.pdf").as_uri()} and "%20" in outside["uri"]
