"""A small sample of the mutation campaign (tests/mutations.py; the full one is benchmarks/mutate_corpus.py):
damaged variants of corpus files of every format, linted in one CLI run beside their originals.

0 tracebacks, 0 lost documents, and no variant `checked` with other findings than its original's unless
the document read from it differs (the damage changed the report's content).
"""

from __future__ import annotations

import json

from click.testing import CliRunner

from govdisclose_lint import cli
from tests.mutations import judge, make_variants, write

SAMPLE = ("2020_xigong.txt", "2024_shkewei.md", "2021_pingtan.html", "excerpts/2022_tjhq-zwfwb.txt",
          "template-2021.docx", "2024_huaianshi.pdf")
PER_FILE = 6
SEED = 10


def test_sampled_mutations(corpus_dir, tmp_path):
    files = [corpus_dir / name for name in SAMPLE if (corpus_dir / name).exists()]
    variants = make_variants(corpus_dir, files, PER_FILE, SEED)
    assert {v.family for v in variants} >= {"flip", "truncate", "insert", "delete", "pdf-object", "zip-member"}
    write(tmp_path, corpus_dir, files, variants)
    res = CliRunner().invoke(cli.main, ["check", str(tmp_path), "--format", "json", "--lang", "en", "--jobs", "2",
                                        "--timeout", "30", "--isolated", "--no-progress", "--ignore", "X5"])
    assert res.exit_code == 3, res.output[-2000:]
    outcome = judge(tmp_path, variants, json.loads(res.stdout), res.stderr)
    assert outcome.failures == []
    assert sum(outcome.counts.values()) == len(variants)
    assert outcome.counts["not-checked"] >= len(variants) // 2  # most damage is noticed, not merely harmless
