"""Across documents: identity, year over year, copied text, a region against its units, who has
not reported, publication deadlines and the auditor's summary.

Per document, the worker computes a small :class:`~.profile.Profile` (compressed text, MinHash
signature, publication date) next to the recognised cells; after the batch, :mod:`.stage` matches
the documents (:mod:`.identity`), runs the cross-document checks (:mod:`.yoy`, :mod:`.similarity`,
:mod:`.region`, :mod:`.lateness`) and attaches their findings to the documents they concern before
any reporter sees them.  Importing this package is cheap (the readers import :mod:`.published`).
"""

#: the rule codes of this stage
CODES = ("X501", "X502", "X503", "X504", "X505", "X506", "X507", "M701")
