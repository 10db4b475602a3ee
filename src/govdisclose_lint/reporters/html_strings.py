"""The words of the HTML report in Chinese (default) and English.  Finding messages come translated
from the engine; these are the report's own labels."""

from __future__ import annotations

SEV = {"error": "e", "warning": "w", "info": "i"}

_ZH = {
    "title": "政府信息公开工作年度报告检查结果", "summary": "汇总", "documents": "文档",
    "n_documents": "{} 份文档", "n_findings": "{} 条问题", "generated": "生成于 {}",
    "by_status": "文档状态", "by_severity": "问题严重程度", "by_rule": "各规则问题数", "by_agency": "各机关问题数",
    "list": "文档列表", "filter": "筛选", "all": "全部", "shown": "显示", "no_findings": "未发现问题",
    "path": "文件", "agency": "机关", "year": "年度", "format": "格式", "kind": "文件类型", "status": "状态",
    "codes": "主要问题", "findings": "问题", "tables": "三张统计表（按格式样式重绘，数值为识别结果）",
    "general": "文件与全文", "expected": "应为", "actual": "实为", "page": "第 {} 页", "line": "第 {} 行",
    "pages": "原文第 {} 页", "to_cell": "表中位置", "waived": "已豁免", "back": "返回汇总", "prev": "上一份",
    "next": "下一份", "not_found": "未识别到此表，表中数值未检查。", "operand_of": "{code} 的加数",
    "legend": "图例", "lg_total": "合计错误的单元格", "lg_operand": "参与该合计的单元格",
    "lg_cell": "有问题的单元格（按严重程度）", "lg_blank": "空白单元格", "lg_click": "点击单元格或将鼠标悬停查看应为值、实际值和规则说明",
    "close": "关闭", "why": "规则说明",
    "sev_e": "错误", "sev_w": "警告", "sev_i": "提示",
    "st_checked": "已检查", "st_partial": "部分检查", "st_unreadable": "无法读取", "st_encrypted": "已加密",
    "st_unsupported": "不支持",
    "table_T2": "表二", "table_T3": "表三", "table_T4": "表四", "other_agency": "（未识别机关）",
}

_EN = {
    "title": "Government information disclosure annual reports: lint results", "summary": "Summary",
    "documents": "Documents", "n_documents": "{} documents", "n_findings": "{} findings",
    "generated": "generated {}", "by_status": "Documents by status", "by_severity": "Findings by severity",
    "by_rule": "Findings per rule", "by_agency": "Findings per agency", "list": "Documents", "filter": "Filter",
    "all": "all", "shown": "shown", "no_findings": "no findings", "path": "file", "agency": "agency",
    "year": "year", "format": "format", "kind": "file type", "status": "status", "codes": "main findings",
    "findings": "Findings", "tables": "The three tables (redrawn in the official layout from the recognised values)",
    "general": "File and whole text", "expected": "expected", "actual": "actual", "page": "page {}",
    "line": "line {}", "pages": "source pages {}", "to_cell": "in the table", "waived": "waived",
    "back": "back to the summary", "prev": "previous", "next": "next",
    "not_found": "This table was not recognised; its numbers were not checked.", "operand_of": "part of {code}",
    "legend": "Legend", "lg_total": "wrong total", "lg_operand": "cells the total adds up",
    "lg_cell": "cell with a finding (by severity)", "lg_blank": "blank cell",
    "lg_click": "click a cell, or hover over it, for expected and actual values and the rule's explanation",
    "close": "close", "why": "The rule",
    "sev_e": "error", "sev_w": "warning", "sev_i": "info",
    "st_checked": "checked", "st_partial": "partial", "st_unreadable": "unreadable", "st_encrypted": "encrypted",
    "st_unsupported": "unsupported",
    "table_T2": "Table 2", "table_T3": "Table 3", "table_T4": "Table 4", "other_agency": "(agency not found)",
}


def strings(lang: str) -> dict:
    return _EN if lang == "en" else _ZH
