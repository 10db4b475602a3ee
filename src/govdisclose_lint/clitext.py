"""The command line's own words in Chinese, for ``--lang zh``: help, usage and error messages.

Click looks its words up with ``gettext`` in each of its modules; :func:`speaking` swaps in a lookup in
:data:`CLICK_ZH` (click's own messages) for this process.  Our option help has a Chinese twin in
:data:`HELP_ZH`; our error lines are translated phrase by phrase with :data:`PHRASES_ZH` (file names,
keys and values in them stay as they are; each phrase is a regular expression).
"""

from __future__ import annotations

import contextlib
import re
import sys

CLICK_ZH = {
    "Usage:": "用法：", "Options": "选项", "Commands": "命令", "Positional arguments": "参数",
    "Show this message and exit.": "显示此帮助并退出。", "Show the version and exit.": "显示版本并退出。",
    "Error: {message}": "错误：{message}", "Try '{command} {option}' for help.": "运行“{command} {option}”查看帮助。",
    "Invalid value: {message}": "无效的值：{message}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Missing argument": "缺少参数", "Missing option": "缺少选项", "Missing parameter": "缺少参数",
    "Missing parameter: {param_name}": "缺少参数：{param_name}", "Missing command.": "缺少命令。",
    "No such command {name!r}.": "没有命令 {name!r}。", "No such option {name!r}.": "没有选项 {name!r}。",
    "Option {name!r} does not take a value.": "选项 {name!r} 不接受值。",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个值。",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不是以下之一：{choices}。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
    "Did you mean {possibility}?": "是否想输入 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是否想输入以下之一：{possibilities}？）",
    "default: {default}": "默认：{default}", "%(prog)s, version %(version)s": "%(prog)s，版本 %(version)s",
    "Aborted!": "已中止！", "integer": "整数", "float": "数字",
}

HELP_ZH = {
    "main": "检查政府信息公开工作年度报告的格式、表格与勾稽关系。",
    "check": "检查报告文件（HTML、文本、Markdown、DOCX、PDF，以及经 LibreOffice 转换的 .doc/.wps/.odt/.rtf）"
             "和文件夹；“-” 表示从标准输入读取。",
    "rules": "列出所有规则：代码、名称、级别、适用格式、状态。",
    "rule": "显示一条规则的说明：检查什么、为什么、不通过与通过的示例、选项。",
    "config": "显示生效的配置及其来源。",
    "extract": "输出识别出的表格（模板键 → 数值，附原文单元格位置）。",
    "fmt": "输出格式：text、concise、json、jsonl、sarif、junit、github 或 csv。",
    "output": "把报告写入文件（完整写入或不写入）。",
    "lang": "消息语言（默认 zh）。",
    "fail_on": "退出码为 1 的最低级别（默认 error）；never：问题不影响退出码（未能完整检查仍为 3）。",
    "select": "只检查这些规则代码或前缀（如 A3,S1）；可重复，可用逗号分隔。",
    "ignore": "跳过这些规则代码或前缀；E 类不能跳过。",
    "exclude": "跳过匹配的文件或文件夹（gitignore 语法，相对当前目录）；可重复，可用逗号分隔。",
    "force_exclude": "对命令行直接给出的文件也应用排除规则，并跳过不是年度报告的文件（供 pre-commit 使用）。",
    "config_path": "使用此配置文件。",
    "isolated": "忽略所有配置文件。",
    "jobs": "工作进程数（默认：CPU 核数）。",
    "timeout": "每个文件的时限（秒，默认 60）。",
    "memory": "每个工作进程的内存上限（MB，默认 1024；0 表示不限）。",
    "statistics": "只输出各规则的问题数量（代替报告）。",
    "waivers_path": "豁免文件（YAML）。",
    "write_baseline": "为当前所有问题写出豁免文件（保留已有豁免的理由）。",
    "no_progress": "不显示进度条。",
    "quiet": "只输出问题，不输出标题、汇总和提示。",
    "exit_zero": "除用法错误外，退出码总为 0。",
    "stdin_filename": "从标准输入读取时使用的文件名（决定格式，并出现在报告中）。",
    "code": "规则代码。",
    "annotate_to": "为 .docx 输入另存一份副本，在每个问题处加 Word 批注。",
    "annotate_dir": "把各 .docx 输入的批注副本写入此文件夹。",
    "cache_dir": "结果缓存文件夹：内容和设置都未变的文件不再重新检查（默认：用户缓存目录）。",
    "no_cache": "不用缓存：每个文件都重新检查，也不保存结果。",
    "executor": "在哪里检查：本机工作进程（默认 local）或 Dask 集群（dask）。",
    "scheduler": "Dask 调度器地址（如 tcp://10.0.0.5:8786），隐含 --executor dask；不给时 --executor dask "
                 "在本机启动 --jobs 个工作进程的集群。",
    "previous": "上一年度的报告，用于对比（X501–X505），本身不出报告；可重复。",
    "published": "文件的发布日期（YYYY-MM-DD），或匹配 GLOB 的文件的发布日期（M701）；可重复。",
    "roster": "单位名册（CSV：单位,上级[,类型]，或 YAML）：地区合计（X506）与未报送单位。",
    "summary_path": "把按单位和年度的审核汇总写入 FILE（.csv 或 .xlsx）。",
    "roster_path": "单位名册（CSV：单位,上级[,类型]，或 YAML）；默认取配置中的名册。",
    "region": "只看此地区（名册中的名称）。",
    "year": "只看此报告年度。",
}

PHRASES_ZH = [
    ("configuration file not found", "找不到配置文件"), (r"no \[tool\.govdisclose-lint\] table", "没有 [tool.govdisclose-lint] 表"),
    ("unknown key", "未知的键"), (r"\(known:", "（可用："), ("unknown rule code or prefix", "未知的规则代码或前缀"),
    ("unknown rule code", "未知的规则代码"), ("unknown option", "未知的选项"), (r"must be an integer from (\S+) to (\S+)", r"必须是 \1 到 \2 的整数"),
    (r"must be a number from (\S+) to (\S+)", r"必须是 \1 到 \2 的数"), ("must be", "必须是"),
    ("a finite number like", "有限的数，例如"), ("not UTF-8", "不是 UTF-8 编码"),
    (r"save the file as UTF-8 \(e\.g\. it is in GBK\)", "请另存为 UTF-8（可能是 GBK 编码）"),
    ("nested more than", "嵌套超过"), ("levels deep", "层"), ("is not a regular file", "不是普通文件"),
    (r"YAML anchors and aliases \(& and \*\) are not allowed here", "这里不允许 YAML 锚点和别名（& 与 *）"),
    ("not valid TOML", "不是有效的 TOML"), ("not valid YAML", "不是有效的 YAML"), ("is too large", "过大"),
    (r"cannot be waived \(the file was not checked\)", "不能豁免（文件未被检查）"), ("is required", "是必填项"),
    ("a date YYYY-MM-DD", "日期 YYYY-MM-DD"), ("is not a valid date", "不是有效日期"), (r"\bwaiver (\d+)", r"豁免 \1"),
    ("no such file or folder", "文件或文件夹不存在"), ("cannot write the report", "无法写入报告"),
    ("cannot write the baseline", "无法写入基线文件"), ("cannot write the output file", "无法写入输出文件"),
    ("the folder", "文件夹"), ("does not exist", "不存在"), ("it is a folder", "这是一个文件夹"),
    ("it is a FIFO that nobody reads", "这是没有读取方的管道"), ("no space left on the device", "磁盘空间不足"),
    ("no report files found in", "没有找到报告文件："), ("unknown format", "未知的格式"),
    ("choose from", "可选"), (r"is not in the range (\S+) to (\S+)", r"不在范围 \1 到 \2 内"),
    (r"is not a valid (integer|float)", "不是有效的数"), ("not found", "不存在"), ("error:", "错误："), ("warning:", "警告："),
]

def lang_from_argv(argv) -> str:
    """``zh`` when the command line says ``--lang zh`` (read before click parses, for ``--help``)."""
    args = list(sys.argv[1:] if argv is None else argv)
    for i, a in enumerate(args):
        if a == "--lang" and i + 1 < len(args):
            return args[i + 1]
        if a.startswith("--lang="):
            return a.split("=", 1)[1]
    return "en"


@contextlib.contextmanager
def speaking(lang: str, command):
    """Within the block, click speaks ``lang`` and ``command``'s options have their help in it; everything
    is put back afterwards (the CLI may run many times in one process, e.g. in tests)."""
    if lang != "zh":
        yield
        return
    import click

    saved = []

    def swap(obj, attr, value):
        saved.append((obj, attr, getattr(obj, attr)))
        setattr(obj, attr, value)

    def gettext(msg: str) -> str:
        return CLICK_ZH.get(msg, msg)

    def ngettext(one: str, many: str, n: int) -> str:
        return gettext(one if n == 1 else many)

    for name in ("core", "exceptions", "formatting", "types", "decorators", "parser", "termui"):
        module = sys.modules.get(f"click.{name}")
        for attr, value in (("_", gettext), ("ngettext", ngettext)):
            if module is not None and hasattr(module, attr):
                swap(module, attr, value)
    _localize(command, click, swap)
    try:
        yield
    finally:
        for obj, attr, value in reversed(saved):
            setattr(obj, attr, value)


def _localize(command, click, swap) -> None:
    if command.name in HELP_ZH or command.name == "main":
        swap(command, "help", HELP_ZH.get(command.name, HELP_ZH["main"]))
        swap(command, "short_help", None)
    for param in command.params:
        if isinstance(param, click.Option) and param.name in HELP_ZH:
            swap(param, "help", HELP_ZH[param.name])
    for sub in getattr(command, "commands", {}).values():
        _localize(sub, click, swap)


def translate(line: str, lang: str) -> str:
    """Our own one-line messages in ``lang`` (phrase by phrase; names and values stay)."""
    if lang != "zh":
        return line
    for en, zh in PHRASES_ZH:
        line = re.sub(en, zh, line)
    return line
