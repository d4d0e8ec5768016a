"""Provides PlainFront: the whole visit — interview, plan, evidence, complaint texts, a saved
case, printing — as lines of text on a Visit, one question at a time, choices answered by
their number and every answer said back."""

from __future__ import annotations

import re

from ..core.dates import format_date
from ..core.interview import COMPLAINT, EVIDENCE, PLAN, PROBLEM, REVIEW, UNKNOWN_CARRIER, AnswerError, shown
from ..core.sheet import MUTED, Sheet
from ..visit import FINISH, WELCOME, Move, Visit
from ..visit.visit import IDLE_AFTER, IDLE_GRACE, PRINTS_PER_VISIT, WIPE
from .lines import Idle, Lines

# As the full screen's (tui.app): the staff's passcode and menu lock after this many seconds
# without a line; more than CRASH_LIMIT crashes in CRASH_WINDOW seconds end the kiosk.
STAFF_LOCK = 90
CRASH_WINDOW, CRASH_LIMIT = 60, 3

BACK, AGAIN, STAFF = "<", "?", "!"
STAFF_QUIT = -1  # what Welcome's menu gives when staff chose to quit the kiosk


class Back(Exception):
    """The visitor typed < : one step back."""


# Box-drawing characters (U+2500–U+257F): the plan's timeline draws its waits with │, which a
# screen reader reads out as a name and some terminals draw two cells wide.
_BOXES = {n: " " for n in range(0x2500, 0x2580)}


def sheet_lines(sheet: Sheet, t) -> list[str]:
    """A sheet as lines of text: headings, lines, tracks one after the other, checklists with
    words for the ticks — what the printed page says, without its layout or box drawing."""
    return [line.translate(_BOXES) for line in _sheet_lines(sheet, t)]


def _sheet_lines(sheet: Sheet, t) -> list[str]:
    out = [sheet.title, sheet.printed, ""]
    for block in sheet.blocks:
        if block.heading:
            out.append("【" + block.heading + "】")
        out.extend(line.text for line in block.lines if line.kind != MUTED or line.text)
        for column in block.columns:
            out.extend(line.text for line in column)
            out.append("")
        for item, on in block.ticks:
            out.append(item + t("plain_tick_on" if on else "plain_tick_off"))
        out.append("")
    out.append(sheet.footer)
    return out


class PlainFront:
    """The plain mode. `lines` is the terminal; the visit is the same one the full-screen
    kiosk runs (tui.visit.Visit)."""

    def __init__(self, visit: Visit, lines: Lines, *, staff=None, printer: str = "", log_dir=None,
                 idle_after: float = IDLE_AFTER, idle_grace: float = IDLE_GRACE) -> None:
        self.visit, self.io = visit, lines
        self.at_welcome = False
        self.in_staff = False  # the staff's passcode and menu: they lock after STAFF_LOCK
        self.crashes: list[float] = []

        def unattended(idle: float) -> tuple[str, int]:
            if self.in_staff:
                return (WIPE, 0) if idle >= STAFF_LOCK else ("", 0)
            return visit.unattended(idle, self.at_welcome, idle_after, idle_grace)

        # The same idle rule as the full screen's (Visit.unattended).
        lines.unattended = unattended
        self.staff = staff  # StaffKeys at a help desk; None when trying it out
        self.printer = printer
        self.log_dir = log_dir
        self.t = visit.content.text

    # --- the loop ---------------------------------------------------------------------

    def run(self) -> int:
        """Visitor after visitor until the input ends (or, at a desk, staff quit)."""
        from .lines import Gone

        while True:
            try:
                if not self.welcome():
                    return 0
            except Idle:
                self.visit.reset()
                self.io.clear()
                self.io.say("", self.t("plain_wiped"), "")
            except Gone:
                self.visit.reset()
                return 0
            except Exception as e:  # noqa: BLE001 — the crash boundary, as the full screen's
                if not self.crashed(e):
                    return 70

    def crashed(self, error: Exception) -> bool:
        """Any error nothing else caught: logged without the visit's data, the visit
        forgotten, an apology, and on to Welcome — no traceback on the shared terminal.
        False when errors keep coming (more than CRASH_LIMIT in CRASH_WINDOW seconds): the
        kiosk ends for its supervisor to start it clean."""
        import time

        from ..crash import log_crash

        if self.log_dir:
            log_crash(self.log_dir, error, "plain mode")
        self.visit.reset()
        self.io.clear()
        self.io.say("", self.t("crash_title"), self.t("crash_body"), "")
        now = time.monotonic()
        self.crashes = [t for t in self.crashes if now - t < CRASH_WINDOW] + [now]
        return len(self.crashes) <= CRASH_LIMIT

    def welcome(self) -> bool:
        """Welcome and the visit from there; False when the kiosk is to end."""
        t = self.t
        self.io.say("", t("plain_title"), t("welcome_heading"), "", t("welcome_body"), "", t("plain_intro"))
        first = t("continue_flow") if self.visit.interview.problem_id else t("start")
        options = [first, t("resume")] + ([] if self.staff else [t("plain_quit")])
        self.at_welcome = True
        try:
            choice = self.menu(options, staff_word=True)
        finally:
            self.at_welcome = False
        if choice == STAFF_QUIT:
            return False
        if choice == 0:
            self.flow(Move(self.visit.step))
        elif choice == 1:
            self.resume()
        else:
            return False
        return True

    def flow(self, move: Move) -> None:
        while True:
            if move.to == WELCOME:
                return
            if move.to == FINISH:
                if self.finish():
                    return
                move = Move(self.visit.step)
                continue
            try:
                move = self.show(move)
            except Back:
                move = self.visit.back(move.to, move.editing)

    def finish(self) -> bool:
        """The are-you-done question: True once the visit is wiped."""
        t = self.t
        self.io.say("", self.visit.finish_words())
        if self.menu([t("finish_yes"), t("finish_no")]) == 0:
            self.visit.reset()
            self.io.clear()
            self.io.say(t("goodbye"))
            return True
        return False

    # --- asking -----------------------------------------------------------------------

    def heading(self, step: str, editing: bool, title: str) -> None:
        v = self.visit
        counter = self.t("step_counter", n=v.number_of(step, editing), m=v.total_steps())
        self.io.say("", f"{counter}  {title}")

    def menu(self, options: list[str], *, again=None, staff_word: bool = False, back: bool = False,
             empty: int | None = None) -> int:
        """Numbered choices; the index chosen. `empty`: what a bare Enter means (None asks
        again). `back`: < raises Back. `again` says the question once more for ?."""
        while True:
            self.io.say(*(f"{n}. {label}" for n, label in enumerate(options, 1)))
            answer = self.io.ask(self.t("plain_menu")).strip()
            if answer == AGAIN:
                if again:
                    again()
                continue
            if answer == BACK and back:
                raise Back
            if staff_word and answer == STAFF and self.staff is not None:
                if self.staff_menu():
                    return STAFF_QUIT
                continue
            number = empty + 1 if not answer and empty is not None else _number(answer)
            if number is not None and 0 <= number - 1 < len(options):
                self.io.say(self.t("plain_chosen", label=options[number - 1]))
                return number - 1
            self.io.say(self.t("plain_not_a_choice", first=1, last=len(options)))

    def ticks(self, labels: list[str], chosen: set[int], again, said=lambda chosen: []) -> set[int]:
        """A list ticked by number: each number typed ticks or unticks its item, several at
        once; a bare Enter ends. `said(chosen)` gives lines to say under the list (and hears
        of each change)."""
        t = self.t
        while True:
            self.io.say(*(f"{n}. {label}{t('plain_tick_on' if n - 1 in chosen else 'plain_tick_off')}"
                          for n, label in enumerate(labels, 1)), *said(chosen), t("plain_ticks_hint"))
            answer = self.io.ask(t("plain_answer")).strip()
            if answer == AGAIN:
                again()
                continue
            if answer == BACK:
                raise Back
            if not answer:
                return chosen
            numbers = [_number(part) for part in re.split(r"[\s,，、]+", answer) if part]
            if any(n is None or not 1 <= n <= len(labels) for n in numbers):
                self.io.say(t("plain_not_a_choice", first=1, last=len(labels)))
                continue
            chosen = chosen ^ {n - 1 for n in numbers}

    def line(self, prompt: str, again, kept: str = "") -> str:
        """A typed answer; a bare Enter keeps `kept` (said first, when there is one)."""
        if kept:
            self.io.say(self.t("plain_keep", value=kept))
        while True:
            answer = self.io.ask(prompt)
            if answer.strip() == AGAIN:
                again()
                continue
            if answer.strip() == BACK:
                raise Back
            return answer if answer.strip() or not kept else kept

    # --- the steps --------------------------------------------------------------------

    def show(self, move: Move) -> Move:
        step, v = move.to, self.visit
        if step == PROBLEM:
            return self.problem(move)
        if step == REVIEW:
            return self.review(move)
        if step == PLAN:
            return self.plan(move)
        if step == EVIDENCE:
            return self.evidence(move)
        if step == COMPLAINT:
            return self.complaint(move)
        return self.questions(move, v.interview.questions_on(step))

    def problem(self, move: Move) -> Move:
        v, t = self.visit, self.t
        problems = list(v.content.problems.values())

        def ask() -> None:
            self.heading(PROBLEM, move.editing, t("problem_prompt"))

        ask()
        choice = self.menu([p.label for p in problems], again=ask, back=True)
        v.choose_problem(problems[choice].id)
        return v.forward(PROBLEM, move.editing)

    def questions(self, move: Move, qids: list[str]) -> Move:
        """A page of questions, one at a time: each answer is checked and said back as it is
        given; then the page's rule (Visit.answer_page) — a question it stops at is asked
        again, with what was typed kept."""
        v = self.visit
        page = v.content.pages.get(move.to)
        todo, said = list(qids), {}
        while True:
            for qid in todo:
                def ask(qid=qid, whole: bool = True) -> None:
                    if whole:
                        self.heading(move.to, move.editing, v.interview.problem.label)
                        if page:
                            self.io.say(page.prompt, *([page.hint] if page.hint else []))
                    q = v.content.questions[qid]
                    hint = v.interview.problem.hint(q)
                    self.io.say(q.prompt, *([hint] if hint else []))
                    if qid in said:
                        self.io.say("⚠ " + said[qid])

                ask(whole=qid == todo[0])
                while True:
                    check = v.answer_page(move.to, {qid: self.answer(qid, ask)}, forward=False)
                    if qid not in check.errors:
                        break
                    self.io.say("⚠ " + check.errors[qid])
                if value := shown(v.interview, qid):
                    self.io.say(self.t("plain_understood", value=value))
            check = v.answer_page(move.to, {q: v.interview.typed.get(q) for q in qids}, True, self.t("plain_enter"))
            if check.ok:
                return v.forward(move.to, move.editing)
            said = check.errors or check.doubts
            todo = [q for q in qids if q in said]

    def answer(self, qid: str, ask):
        """One question's raw answer, by its kind (the same shapes the full-screen fields give)."""
        v, t = self.visit, self.t
        q = v.content.questions[qid]
        typed = v.interview.typed.get(qid)
        if q.kind == "contact":
            typed = typed if isinstance(typed, dict) else {}
            labels = [o.label for o in q.options]
            ids = [o.id for o in q.options]
            choice = self.menu(labels, again=ask, back=True,
                               empty=ids.index(typed["status"]) if typed.get("status") in ids else None)
            status = ids[choice]
            if status == "no":
                return {"status": status, "date": "", "note": ""}
            day = self.line(t("contact_date") + " ", ask, typed.get("date", ""))
            note = self.line(t("contact_note") + " ", ask, typed.get("note", ""))
            return {"status": status, "date": day, "note": note}
        if q.kind == "choices":
            ids = [o.id for o in q.options]
            held = set(typed) if isinstance(typed, list) else set()
            chosen = self.ticks([o.label for o in q.options], {i for i, key in enumerate(ids) if key in held}, ask)
            return [ids[i] for i in sorted(chosen)]
        if q.kind == "tracking":
            typed = typed if isinstance(typed, dict) else {}
            number = self.line(t("plain_answer"), ask, typed.get("number", ""))
            return {"number": number, "carrier": self.carrier(number, ask)}
        # Offered again only when it could be used: a refused answer is typed anew.
        kept = typed if isinstance(typed, str) and qid in v.interview.answers else ""
        return self.line(t("plain_answer"), ask, kept)

    def carrier(self, number: str, ask) -> str:
        """The courier of a tracking number: said when only one fits, else chosen."""
        from ..core.tracking import guess_carriers

        v, t = self.visit, self.t
        found = guess_carriers(number, v.content.carriers)
        if not number.strip():
            return UNKNOWN_CARRIER
        if len(found) == 1:
            self.io.say(t("tracking_guess", names=found[0].name))
            return found[0].id
        offered = found or list(v.content.carriers.values())
        self.io.say(t("tracking_guesses", names="、".join(c.name for c in found)) if found else t("tracking_no_guess"))
        choice = self.menu([c.name for c in offered] + [t("carrier_unknown")], again=ask, back=True)
        return offered[choice].id if choice < len(offered) else UNKNOWN_CARRIER

    def review(self, move: Move) -> Move:
        v, t = self.visit, self.t
        iv = v.interview
        rows = [(step, qid) for step in v.steps() for qid in iv.questions_on(step)
                if step not in (PROBLEM, REVIEW, PLAN, EVIDENCE, COMPLAINT)]

        def ask() -> None:
            self.heading(REVIEW, False, t("review_title"))
            self.io.say(t("plain_review_hint"))

        while True:
            ask()
            labels = [f"{iv.question(qid).prompt} {shown(iv, qid) or t('shown_empty')}" for _, qid in rows]
            # The last choice goes on, and is what a bare Enter means.
            choice = self.menu([*labels, t("review_next")], again=ask, back=True, empty=len(labels))
            if choice < len(labels):
                return v.edit(rows[choice][0])
            message = v.review_check()
            if not message:
                return v.forward(REVIEW)
            self.io.say("⚠ " + message)

    def plan(self, move: Move) -> Move:
        v, t = self.visit, self.t

        def ask() -> None:
            self.heading(PLAN, False, t("plan_title"))
            sheet = v.sheet(complaint="")
            blocks = tuple(b for b in sheet.blocks if not b.ticks)  # the checklist is the next step
            self.io.say(*sheet_lines(Sheet(sheet.title, sheet.printed, blocks, sheet.footer, sheet.page_label), t))

        ask()
        return self.takeaway_menu(PLAN, ask)

    def takeaway_menu(self, step: str, ask, complaint_to: str = "", text: str | None = None) -> Move:
        """Go on / save a case / print / back, under the plan and the complaint text."""
        v, t = self.visit, self.t
        extra = [t("plain_recipient")] if step == COMPLAINT else []
        while True:
            options = [t("plain_continue"), t("save_case"), t("print" if self.printer else "save_pdf"), *extra,
                       t("back")]
            choice = self.menu(options, again=ask, back=True, empty=0)
            if choice == 0:
                return v.forward(step)
            if choice == 1:
                self.save_case()
            elif choice == 2:
                self.print_sheet(v.sheet(complaint_to, text))
            elif extra and choice == 3:
                return Move(step)  # the complaint step asks for the recipient again
            else:
                raise Back

    def evidence(self, move: Move) -> Move:
        v, t = self.visit, self.t
        items = list(v.interview.problem.evidence)

        def ask() -> None:
            self.heading(EVIDENCE, False, t("evidence_title"))
            self.io.say(t("plain_evidence_intro"))

        ask()

        def keep(chosen: set[int]) -> list[str]:  # kept at each change: < keeps the ticks too
            v.tick_evidence(items[i] for i in chosen)
            return [t("evidence_count", n=len(chosen), m=len(items))]

        labels = [v.content.evidence[item] for item in items]
        self.ticks(labels, {i for i, item in enumerate(items) if item in v.interview.evidence_ticked}, ask, keep)
        return v.forward(EVIDENCE)

    def complaint(self, move: Move) -> Move:
        from ..core.draft import recipients_for

        v, t = self.visit, self.t
        plan = v.plan()
        recipients = recipients_for(v.content, plan)
        to = v.recipient(plan)

        def ask() -> None:
            self.heading(COMPLAINT, False, t("complaint_title"))

        ask()
        if len(recipients) > 1:
            self.io.say(t("plain_recipients"))
            ids = [r.id for r in recipients]
            choice = self.menu([r.short for r in recipients], again=ask, back=True,
                               empty=ids.index(to) if to in ids else 0)
            to = ids[choice]
        v.choose_recipient(to)
        text = v.complaint(to)
        short = v.content.recipients[to].short if to in v.content.recipients else ""

        def show_text() -> None:
            ask()
            self.io.say(t("plain_text_begin", to=short), text, t("plain_text_end"))

        show_text()
        return self.takeaway_menu(COMPLAINT, show_text, to, text)

    # --- the case, printing, staff ----------------------------------------------------

    def save_case(self) -> None:
        v, t = self.visit, self.t
        saved = []
        failed = v.failure(lambda: saved.append(v.save_case()))
        if failed:
            self.io.say("⚠ " + failed)
            return
        code, pin = saved[0]
        self.io.say(t("plain_saved", code=code, pin=" ".join(pin)) if pin else t("plain_saved_again", code=code))
        if note := v.kept_here(code):
            self.io.say(note)

    def print_sheet(self, sheet) -> None:
        """Print (or, with no printer, save for the staff) as the full-screen kiosk does."""
        from ..printing.job import PrintJob

        v, t = self.visit, self.t
        if not v.may_print():
            self.io.say(t("print_limit", n=PRINTS_PER_VISIT))
            return
        self.io.say(t("print_working" if self.printer else "print_saving"))
        def log(where: str, detail: str) -> None:
            if self.log_dir:
                from ..crash import log_problem

                log_problem(self.log_dir, where, detail)

        job = PrintJob(sheet, self.printer, t, self.io.say,
                       save=lambda data: v.save_file(t("file_plan"), ".pdf", data), log=log)
        try:
            counts, outcome = job.run()
            v.prints += counts
            self.io.say(outcome)
            if job.job:
                # Waits until it is printed (said), or cancels it — a sheet must not come out
                # after the visitor has gone.
                job.follow()
        except Exception as e:  # a bug: logged like any crash, but the visit goes on
            from ..crash import log_crash

            if self.log_dir:
                log_crash(self.log_dir, e, "printing")
            self.io.say(t("print_failed"))

    def resume(self) -> None:
        """Open a saved case by code and PIN; then its next step, its progress and a menu."""
        from ..core.case import check_event, kinds_for, next_step, timeline

        v, t = self.visit, self.t

        def ask() -> None:
            self.io.say("", t("resume_title"), t("resume_hint"))

        ask()
        try:
            code = self.line(t("plain_code"), ask)
            pin = self.line(t("plain_pin"), ask)
        except Back:
            return
        failed = v.failure(lambda: v.open_case(code, pin))
        if failed:
            self.io.say("⚠ " + failed)
            return
        while True:
            case, iv, today = v.case, v.interview, v.today()
            if iv.problem is None:
                self.io.say(t("case_problem_gone", problem=case.problem))
                return
            self.io.say("", t("case_title", code=case.code, problem=iv.problem.label,
                              status=t(f"case_status_{case.status}")),
                        t("case_next"), *next_step(v.content, v.plan(), today, case.status), "", t("case_timeline"))
            entries = timeline(v.content, iv, case.events)
            self.io.say(*[f"{format_date(e.day)} {e.what}" + (f"：{e.note}" if e.note else "") for e in entries]
                        or [t("case_no_events")])
            choice = self.menu([t("plain_record"), t("plain_full_plan"), t("plain_texts"), t("plain_done")])
            if choice == 0:
                kinds = kinds_for(v.content, iv)
                try:
                    kind = kinds[self.menu([k.label for k in kinds], back=True)]
                    day = self.line(kind.date_prompt + " ", lambda: None)
                    while True:
                        note = self.line(t("plain_event_note"), lambda: None)
                        try:
                            day, note = check_event(v.content, iv, kind.id, day, note, today)
                        except AnswerError as e:
                            self.io.say("⚠ " + str(e))
                            day = self.line(kind.date_prompt + " ", lambda: None)
                            continue
                        break
                except Back:
                    continue  # < : back to the case, nothing recorded
                failed = v.failure(lambda: v.record_event(kind.id, day, note))
                self.io.say("⚠ " + failed if failed else t("plain_recorded"))
            elif choice == 1:
                self.io.say(*sheet_lines(v.sheet(complaint=""), t))
            elif choice == 2:
                v.position = v.steps().index(COMPLAINT)  # back here if they do not finish, not at step 1
                self.flow(Move(COMPLAINT))
                return
            elif self.finish():
                return

    def staff_menu(self) -> bool:
        """The staff's word (!) at Welcome: with the passcode, quit the kiosk. True to quit."""
        from ..store.files import StoreError
        from ..store.staff import StaffWait

        t = self.t
        self.in_staff = True
        try:
            try:
                ok = self.staff.check(self.io.secret(t("plain_staff")))
            except StaffWait as wait:
                self.io.say(t("staff_locked" if wait.locked else "staff_wait", minutes=wait.seconds // 60 + 1,
                              seconds=wait.seconds))
                return False
            except (StoreError, OSError):
                self.io.say(t("staff_cannot_check"))
                return False
            if not ok:
                self.io.say(t("plain_staff_wrong"))
                return False
            self.io.say(t("plain_staff_menu"))
            return self.menu([t("staff_quit"), t("plain_back_to_visit")]) == 0
        finally:
            self.in_staff = False


def _number(text: str) -> int | None:
    import unicodedata

    s = unicodedata.normalize("NFKC", text).strip().rstrip(".")
    return int(s) if s.isdecimal() and s.isascii() else None
