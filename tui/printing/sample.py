"""Provides the made-up visit that `kiosk print-sample` prints (content/sample.toml), for the
staff to check the sheet on their printer — with the longest complaint text the kiosk takes,
if asked, to see it run on to the next page."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

from ..core.content import Content, default_content_dir
from ..core.draft import MAX_CHARS, build_draft, default_recipient
from ..core.interview import Interview
from ..core.plaintext import plain_tree
from ..core.plan import build_plan
from ..core.sheet import Sheet, build_sheet

SAMPLE_CODE = "0000-0000"  # plainly not a case: codes use no 0 (tui.store.codes)


def sample_interview(content: Content, root: Path | None, today: date) -> Interview:
    """content/sample.toml answered as a visitor would type it; ValueError says what is
    wrong with the file."""
    path = Path(root or default_content_dir()) / "sample.toml"
    try:
        sample = plain_tree(tomllib.loads(path.read_text(encoding="utf-8")))
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise ValueError(f"{path}: {e}") from None
    interview = Interview(content)
    try:
        interview.choose_problem(sample["problem"])
        for qid, raw in sample.get("answers", {}).items():
            interview.answer(qid, raw, today)
    except Exception as e:  # an answer the interview refuses: say which file to mend
        raise ValueError(f"{path}: {e}") from None
    interview.answers.setdefault("want", list(interview.problem.wants))
    interview.evidence_ticked = set(sample.get("ticked", ()))
    return interview


def sample_sheet(content: Content, root: Path | None, today: date, longest: bool = False) -> Sheet:
    interview = sample_interview(content, root, today)
    plan = build_plan(content, interview, today)
    to = default_recipient(content, plan)
    text = build_draft(content, interview, to, today)
    if longest:
        text = ((text + "\n\n") * (MAX_CHARS // max(len(text), 1) + 1))[:MAX_CHARS]
    return build_sheet(content, interview, plan, today=today, complaint_to=to, complaint=text, case_code=SAMPLE_CODE)
