"""Provides Visit: one visitor's time at the desk — the interview, where they are in it, the
rules each page keeps on the way forward, their saved case, the files and the wipe — with no
front in it, so that the full-screen kiosk and the plain mode run the same visit."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable

from ..core import dates
from ..core.content import Content
from ..core.interview import REVIEW, AnswerError, Interview
from ..core.keyed import Reason

# Where a move leads besides a step: back to Welcome, or the end of the visit (the front
# asks "are you done?" and then calls reset).
WELCOME, FINISH = "welcome", "finish"

# Sheets a visit may print (or save): a shared printer's paper is for everyone.
PRINTS_PER_VISIT = 3

# Idle: after IDLE_AFTER seconds without a key the visitor is asked whether they are still
# there, and IDLE_GRACE seconds later the visit is wiped. Answers left on Welcome (a visitor
# went back, then walked away) go after WELCOME_WIPE, without a warning: whoever stands there
# next is not the person who typed them.
IDLE_AFTER, IDLE_GRACE, WELCOME_WIPE = 180, 30, 30
WARN, WIPE = "warn", "wipe"


@dataclass(frozen=True)
class Move:
    """Where the visitor goes next: a step (opened to change one answer when `editing`),
    WELCOME or FINISH; on the check page, `land_on` is the row of the answer just changed."""

    to: str
    editing: bool = False
    land_on: str = ""


@dataclass
class PageCheck:
    """What a page's answers came to: messages for answers that cannot be used (`errors`)
    and questions about odd but possible ones (`doubts`), each by question id."""

    errors: dict[str, str] = field(default_factory=dict)
    doubts: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.doubts

    @property
    def first(self) -> str:
        """The question the visitor is sent to: the first that cannot be used, else the
        first doubted (in the page's order)."""
        return next(iter(self.errors or self.doubts), "")


class Visit:
    """One visitor, from Welcome to the wipe. A front shows `step`, hands each page's input
    to the rule for it, and follows the Move it gets back."""

    def __init__(self, content: Content, *, today: Callable[[], date] = dates.today,
                 now: Callable[[], datetime] | None = None, db: Path | str | None = None,
                 save_dir: Path | str | None = None) -> None:
        self.content = content
        self.today = today
        self.now = now
        self.db = _where(db)
        self.save_dir = Path(save_dir) if save_dir else None
        self._store = None
        self.warned = 0  # store warnings already passed on (new_warning)
        self.wipes = 0  # how many visitors were forgotten here: a print job watches only its own
        self._fresh()

    def _fresh(self) -> None:
        self.interview = Interview(self.content)
        self.position = 0  # the step the visitor was last on
        self.case = None  # the saved case this visitor has open (tui.store.cases.Case)
        self.prints = 0  # sheets printed or saved (PRINTS_PER_VISIT at most)
        self.help_asked = False  # the visitor asked for the staff (F1)
        # Odd answers asked about once (doubts), by (step, question): (the answer, the reason).
        self.accepted: dict[tuple[str, str], tuple[Any, str]] = {}

    def t(self, key: str, **values: object) -> str:
        return self.content.text(key, **values)

    def use_content(self, content: Content) -> None:
        """Content the staff changed and checked: from the next visitor on (call reset)."""
        self.content = content
        self._store = None  # its answer shapes come from the content

    # --- where the visitor is ---------------------------------------------------------

    def steps(self, interview: Interview | None = None) -> list[str]:
        return (interview or self.interview).steps()

    def total_steps(self, interview: Interview | None = None) -> int:
        interview = interview or self.interview
        if interview.problem:
            return len(interview.steps())
        # Before a problem is chosen, count the longest path, so the total never grows later.
        return max(len(Interview(self.content, p).steps()) for p in self.content.problems)

    def number_of(self, step: str, editing: bool = False, interview: Interview | None = None) -> int:
        """The step counter's number: while changing an answer it stays on the check page."""
        return self.steps(interview).index(REVIEW if editing else step) + 1

    @property
    def step(self) -> str:
        """The step the visitor was last on (where Welcome's start button leads)."""
        steps = self.steps()
        return steps[min(self.position, len(steps) - 1)]

    # --- each page's rule on the way forward ------------------------------------------

    def choose_problem(self, problem_id: str | None, forward: bool = True) -> str:
        """The problem page: "" when chosen, else the message for the visitor."""
        if problem_id is None:
            return self.t("problem_missing") if forward else ""
        try:
            self.interview.choose_problem(problem_id)
        except AnswerError as e:
            return str(e)
        return ""

    def answer_page(self, step: str, raws: dict[str, Any], forward: bool = True,
                    forward_label: str = "") -> PageCheck:
        """A page of questions: every answer is kept as typed; going forward, each is checked
        in the page's order (a later date is checked against an earlier one), and an odd but
        possible answer is asked about once. `forward_label` names the button that goes on."""
        check = PageCheck()
        for qid, raw in raws.items():
            try:
                self.interview.answer(qid, raw, self.today())
            except AnswerError as e:
                check.errors[qid] = str(e)
        if not forward or check.errors:
            return check
        answers = self.interview.answers
        for qid, message in self.interview.doubts(list(raws), forward_label).items():
            # The same answer asked about for the same reason is meant; a doubt that comes
            # from another answer (a contact before a delivery date changed since) is new.
            if self.accepted.get((step, qid)) == (answers[qid], message):
                continue
            check.doubts[qid] = message
            self.accepted[(step, qid)] = (answers[qid], message)
        return check

    def review_check(self) -> str:
        """The check page: "" when every answer is there and fits, else the message."""
        missing = self.interview.missing()
        conflicts = self.interview.conflicts(self.today())
        if missing or conflicts:
            first = (missing or list(conflicts))[0]
            return self.t("review_needs", prompt=self.interview.question(first).prompt)
        return ""

    def forward(self, step: str, editing: bool = False) -> Move:
        """On from `step` (its rule kept): the next step, back to the check page after a
        change, or FINISH from the last."""
        if editing:
            return Move(REVIEW, land_on=step)
        steps = self.steps()
        index = steps.index(step)
        if index == len(steps) - 1:
            return Move(FINISH)
        self.position = index + 1
        return Move(steps[index + 1])

    def back(self, step: str, editing: bool = False) -> Move:
        """Back from `step`: what was typed stays; from the first step, Welcome."""
        if editing:
            return Move(REVIEW, land_on=step)
        index = self.steps().index(step)
        self.position = max(index - 1, 0)
        return Move(WELCOME) if index == 0 else Move(self.steps()[index - 1])

    def edit(self, step: str) -> Move:
        """From the check page, the step of one answer, to change it and come back."""
        return Move(step, editing=True)

    def finish_words(self) -> str:
        """What ending the visit clears, and what to keep first — only what this visit has: no
        complaint texts before the plan is made, no save-a-case advice once the case is saved."""
        words = self.t("finish_confirm")
        steps = self.steps() if self.interview.problem_id else []
        if "plan" in steps and self.position >= steps.index("plan"):
            words += self.t("finish_keep_texts")
            if self.case is None:
                words += self.t("finish_keep_case")
        return words

    def tick_evidence(self, ticked) -> None:
        """The evidence the visitor has (ids); an id this problem does not list is ignored."""
        listed = self.interview.problem.evidence if self.interview.problem else ()
        self.interview.evidence_ticked = {item for item in ticked if item in listed}

    def choose_recipient(self, recipient_id: str) -> None:
        """The body the complaint text goes to (printed with the plan)."""
        self.interview.complaint_to = recipient_id

    def keep_complaint(self, recipient_id: str, text: str, drafted: str) -> None:
        """Keep the visitor's text for `recipient_id` only where it differs from the draft,
        so that changed answers still flow into a draft nobody touched."""
        if text == drafted:
            self.interview.complaint_texts.pop(recipient_id, None)
        else:
            self.interview.complaint_texts[recipient_id] = text

    # --- what the visitor takes away --------------------------------------------------

    def events(self) -> tuple[dict, ...]:
        """The events of this visitor's open case that count (none without a case)."""
        from ..core.case import active

        return active(self.content, self.case.events) if self.case else ()

    def plan(self):
        """This visitor's plan, counting the events of their case if one is open."""
        from ..core.plan import build_plan

        return build_plan(self.content, self.interview, self.today(), self.events())

    def recipient(self, plan=None) -> str:
        """Who the complaint text goes to: the one last chosen, else today's first body."""
        from ..core.draft import default_recipient

        return self.interview.complaint_to or default_recipient(self.content, plan or self.plan())

    def complaint(self, recipient_id: str) -> str:
        """The complaint text for `recipient_id`: as the visitor edited it, else as drafted."""
        from ..core.draft import build_draft

        kept = self.interview.complaint_texts.get(recipient_id)
        return kept if kept is not None else build_draft(self.content, self.interview, recipient_id,
                                                         self.today(), self.events())

    def sheet(self, complaint_to: str = "", complaint: str | None = None):
        """The printed sheet of this visit: the plan, the chosen complaint text (else today's
        recipient's), the ticked evidence, the case code if saved — never the PIN."""
        from ..core.sheet import build_sheet

        plan = self.plan()
        to = complaint_to or self.recipient(plan)
        if complaint is None:
            complaint = (self.interview.complaint_texts.get(to) or self.complaint(to)) if to else ""
        return build_sheet(self.content, self.interview, plan, today=self.today(), complaint_to=to,
                           complaint=complaint, case_code=self.case.code if self.case else "")

    def slip(self, code: str, pin: str):
        """The code slip: the case code and PIN on their own sheet, for the visitor to keep."""
        from ..core.sheet import build_slip

        return build_slip(self.content, code, pin, today=self.today())

    def may_print(self) -> bool:
        return self.prints < PRINTS_PER_VISIT

    # --- the case ---------------------------------------------------------------------

    @property
    def store(self):
        """The case store, opened on first use; raises StoreError with a message to show."""
        if self._store is None:
            from ..store.opening import open_store
            from ..store.schema import Shapes

            # Answers are checked against the content the kiosk runs with (--content too). A
            # case folder, or a server several desks share (offline-capable).
            self._store = open_store(self.db, shapes=Shapes.of(self.content), now=self.now)
        return self._store

    def new_warning(self) -> bool:
        """Whether the store recovered damaged data since last asked: the visitor's case is
        fine, but staff must be told."""
        if self._store and len(self._store.warnings) > self.warned:
            self.warned = len(self._store.warnings)
            return True
        return False

    def failure(self, action: Callable[[], object]) -> str:
        """Run a case-store (or file) action: "" when it worked, else what to tell the
        visitor — never a traceback."""
        from ..store.cases import CaseError
        from ..store.files import StoreError

        try:
            action()
        except (CaseError, StoreError) as e:
            return e.message(self.content.text)
        except OSError as e:
            return self.t("store_failed", why=Reason(e).said(self.content.text))
        return ""

    def save_case(self) -> tuple[str, str | None]:
        """Save the answers as a case: (code, PIN). Saving again in the same visit updates
        the same case, and gives no PIN: it is shown once, when the case is made, and is kept
        nowhere — whoever presses the button next, maybe after the visitor walked off without
        the wipe, must not see it. Raises StoreError / OSError (see failure)."""
        iv = self.interview
        pin = None
        if self.case is None:
            code, pin = self.store.create(iv.problem_id, iv.answers)
        else:
            code = self.case.code
            self.store.update_answers(code, iv.problem_id, iv.answers)
        self.case = self.store.load(code)
        return code, pin

    def kept_here(self, code: str) -> str:
        """What to tell a visitor whose case was saved on this desk only (the server could
        not be reached): "" when it is where every desk finds it."""
        local = getattr(self._store, "offline_case", None)
        return self.t("case_saved_offline") if local and local(code) else ""

    def open_case(self, code: str, pin: str) -> None:
        """Open a saved case for this visitor (raises CaseError / StoreError with a message):
        whatever was on the desk before is forgotten first."""
        from ..core.case import restore

        case = self.store.open(code, pin)
        self._fresh()
        self.case = case
        self.interview = restore(self.content, case.problem, case.answers)

    def record_event(self, kind: str, day: str, note: str) -> None:
        """Add an event to the open case; "solved" also closes it, anything else reopens it."""
        from ..core.case import OPEN, RESOLVED

        code = self.case.code
        self.store.append_event(code, kind, day, note)
        effect = self.content.events[kind].effect
        if effect == "solved":
            self.store.close(code, RESOLVED, note)
        elif self.case.status != OPEN:
            self.store.close(code, OPEN)
        self.case = self.store.load(code)

    def undo_last_event(self, n: int) -> None:
        """Take back event `n`: recorded as an undo, so the event stays in the timeline."""
        self.store.append_event(self.case.code, "undone", self.today().isoformat(), str(n))
        self.case = self.store.load(self.case.code)

    def close_case(self, status: str, outcome: str = "") -> None:
        self.store.close(self.case.code, status, outcome)
        self.case = self.store.load(self.case.code)

    # --- files for the staff ----------------------------------------------------------

    def save_file(self, kind: str, suffix: str, data: bytes) -> Path:
        """Write `data` to the staff's folder as "<kind>-<time>-<problem><suffix>" (0600).
        Written to a temporary file first so a full disk never leaves half a file."""
        from ..store import paths
        from ..store.files import write_new

        folder = self.save_dir or paths.save_dir()
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        stamp = datetime.now(dates.CHINA).strftime("%Y%m%d-%H%M%S")
        problem = self.interview.problem_id
        target = folder / f"{kind}-{stamp}-{problem}{suffix}"
        n = 1
        while target.exists():
            n += 1
            target = folder / f"{kind}-{stamp}-{problem}-{n}{suffix}"
        write_new(target, data)
        return target

    # --- the wipe ---------------------------------------------------------------------

    def left_behind(self) -> bool:
        """Whether anything of a visitor is here: answers or an open case."""
        return self.interview.problem_id is not None or self.case is not None

    def unattended(self, idle: float, on_welcome: bool, after: float = IDLE_AFTER,
                   grace: float = IDLE_GRACE) -> tuple[str, int]:
        """What a desk nobody has touched for `idle` seconds does now: ("", 0) nothing,
        (WARN, seconds left before the wipe) or (WIPE, 0)."""
        if on_welcome:
            return (WIPE, 0) if self.left_behind() and idle >= WELCOME_WIPE else ("", 0)
        if idle >= after + grace:
            return WIPE, 0
        if idle >= after:
            return WARN, round(after + grace - idle)
        return "", 0

    def reset(self) -> None:
        """Forget the visitor: answers, position, their case, prints and the help mark."""
        if self._store is not None and hasattr(self._store, "forget"):
            self._store.forget()  # a desk store's memory of the case read from the server
        self._fresh()
        self.wipes += 1


def _where(db: Path | str | None) -> Path | str | None:
    """A case folder as a Path; a server's URL as the text it is (a Path would fold its //)."""
    from ..store.opening import is_server

    return None if not db else str(db) if is_server(str(db)) else Path(db)
