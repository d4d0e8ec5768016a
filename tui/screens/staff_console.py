"""Provides the staff console (behind the passcode): anonymous figures, storage and crash
warnings, the case list by code and date, a case's answers only when opened, unlock,
purge, CSV export, content check and reload, the printer's state and a test page, and
quitting the kiosk."""

from __future__ import annotations

from datetime import datetime, timedelta

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Input, Static

from ..core.keyed import Reason
from ..widgets.button import Button

from .frame import FramedScreen


class StaffConsoleScreen(FramedScreen):
    DEFAULT_CSS = """
    StaffConsoleScreen .staff-row { height: 3; }
    StaffConsoleScreen .staff-row Button { min-width: 0; width: auto; margin-right: 1; }
    StaffConsoleScreen .section { text-style: bold; margin: 1 0 0 0; }
    """
    BINDINGS = [("escape", "leave", "back")]
    offers_wipe = False
    offers_help = False
    sheets: list = []  # the waiting files as numbered on screen (show_waiting)

    def title_text(self) -> str:
        return self.t("staff_title")

    def buttons(self) -> list[tuple[str, str, str]]:
        return [("staff-back", self.t("staff_back"), "primary"), ("staff-quit", self.t("staff_quit"), "error")]

    def compose_body(self) -> ComposeResult:
        yield Static("", id="staff-message", markup=False)
        yield Static("", id="staff-figures", markup=False)
        with Horizontal(classes="staff-row"):
            yield Button(Content(self.t("staff_purge")), id="staff-purge")
            yield Button(Content(self.t("staff_export")), id="staff-export")
            yield Button(Content(self.t("staff_reload")), id="staff-reload")
            yield Button(Content(self.t("staff_test_page")), id="staff-test-page")
        with Horizontal(classes="staff-row"):
            yield Input(placeholder=self.t("staff_code"), id="staff-code", max_length=20)
            yield Button(Content(self.t("staff_open")), id="staff-open")
            yield Button(Content(self.t("staff_unlock")), id="staff-unlock")
        yield Static("", id="staff-case", markup=False)
        yield Static(Content(self.t("staff_printer_section")), classes="section", markup=False)
        yield Static(Content(self.t("staff_printer_checking")), id="staff-printer", markup=False)
        # What visitors saved where there was no printer: staff print it for them, or delete it.
        yield Static(Content(self.t("staff_waiting_section")), classes="section", markup=False)
        yield Static("", id="staff-waiting", markup=False)
        with Horizontal(classes="staff-row"):
            yield Input(placeholder=self.t("staff_waiting_number"), id="staff-sheet", max_length=4)
            yield Button(Content(self.t("print")), id="staff-sheet-print")
            yield Button(Content(self.t("staff_delete")), id="staff-sheet-delete")
        yield Static(Content(self.t("staff_warnings")), classes="section", markup=False)
        yield Static("", id="staff-warnings", markup=False)
        yield Static(Content(self.t("staff_crashes")), classes="section", markup=False)
        yield Static("", id="staff-crashes", markup=False)
        yield Static(Content(self.t("staff_list")), classes="section", markup=False)
        yield Static("", id="staff-list", markup=False)

    def on_mount(self) -> None:
        self.refresh_figures()
        self.query_one("#staff-back").focus()
        # CUPS may be slow to answer: asked in a thread, so the console opens at once.
        self.run_worker(self._printer_status, thread=True, exit_on_error=False, group="printer")

    def _printer_status(self) -> None:
        from ..printing import PrintError, spooler

        name = self.app.find_printer()
        try:
            if not name:
                said = self.t("staff_printer_none")
            else:
                state = spooler.printer_state(name)
                reason = " ".join(state.reason.split()) or "—"
                key = ("staff_printer_ready" if state.ready else "staff_printer_missing" if not state.exists
                       else "staff_printer_stopped" if not state.enabled else "staff_printer_rejecting")
                said = self.t(key, printer=name, reason=reason)
        except PrintError:
            said = self.t("staff_printer_no_spooler")
        self.app.call_from_thread(self._show_printer, said)

    def _show_printer(self, said: str) -> None:
        if self.is_attached:
            self.query_one("#staff-printer", Static).update(Content(said))

    @on(Button.Pressed, "#staff-test-page")
    def test_page(self) -> None:
        """The sample visit's sheet (content/sample.toml) on the kiosk's printer."""
        self.say("print_working")
        self.run_worker(self._print_test_page, thread=True, exit_on_error=False, group="printer")

    def _print_test_page(self) -> None:
        from ..printing import PrintError, pdf, spooler
        from ..printing.sample import sample_sheet

        app = self.app
        try:
            printer = app.find_printer()
            data = pdf.render(sample_sheet(app.content, app.content_dir, app.today()))
            job = spooler.send(data, printer, app.content.text("print_job_title"))
            said = self.t("staff_test_sent", printer=printer, job=job)
        except PrintError as e:
            # The staff's own words and what to run, not the visitor's 请找工作人员.
            why = str(self.t("staff_" + e.key, **e.values)) if e.key.startswith("print_") else e.message(app.content.text)
            said = self.t("staff_test_failed", why=why + (f"（{e.detail}）" if e.detail else ""))
        except ValueError as e:  # content/sample.toml does not fit the content
            said = self.t("staff_test_failed", why=str(e))
        app.call_from_thread(self._said, said)

    def _said(self, text: str) -> None:
        if self.is_attached:
            self.query_one("#staff-message", Static).update(Content(text))
            self.run_worker(self._printer_status, thread=True, exit_on_error=False, group="printer")

    def say(self, key: str, **values: object) -> None:
        self.query_one("#staff-message", Static).update(Content(self.t(key, **values)))

    def refresh_figures(self) -> None:
        from ..core.figures import figures
        from ..crash import read_log
        from ..store.files import StoreError

        app = self.app
        try:
            store = app.store
            if hasattr(store, "tallies"):
                # A server: the figures are its aggregates over every desk, the list the 200
                # latest cases active in the last 30 days (a million rows are never read).
                counted = store.tallies()
                rows = store.list_cases(since=store.now() - timedelta(days=30), most=200)
            else:
                rows = counted = store.list_cases()
            files, size = store.size()
            warnings = store.read_warnings()
        except (StoreError, OSError) as e:
            self.say("staff_failed", why=getattr(e, "detail", "") or str(e))
            return
        f = figures(counted, app.content, app.today())
        median = self.t("staff_median", days=f"{f.median_days_to_resolve:g}", n=f.resolved_counted) \
            if f.median_days_to_resolve is not None else self.t("staff_no_resolved")
        lines = [self.t("staff_figures", total=f.total, today=f.today, median=median)]
        for key, counter in (("staff_by_status", f.by_status), ("staff_by_problem", f.by_problem),
                             ("staff_by_channel", f.by_channel)):
            status_names = {s: self.t(f"case_status_{s}") for s in ("open", "resolved", "abandoned")}
            parts = [f"{status_names.get(k, k)} {n}" for k, n in counter.most_common()]
            lines.append(f"{self.t(key)}：" + ("，".join(parts) or "—"))
        lines.append(self.t("staff_storage", cases=store.root, files=files, size=_size(size), saved=app.save_dir,
                            logs=app.log_dir, days=app.settings.retention_days,
                            default="" if app.settings.retention_set else self.t("staff_retention_default")))
        if hasattr(store, "desk"):
            lines.append(self.t("staff_desk", desk=store.desk, where=store.where, waiting=store.waiting(),
                                last=store.last_upload or "—",
                                state=self.t("staff_server_away", why=store.away) if store.offline
                                else self.t("staff_server_ok")))
        self.query_one("#staff-figures", Static).update(Content("\n".join(lines)))
        self.query_one("#staff-warnings", Static).update(Content("\n".join(warnings) or self.t("staff_no_warnings")))
        self.query_one("#staff-crashes", Static).update(Content("\n".join(read_log(app.log_dir, 12)) or "—"))
        self.show_waiting()
        listed = sorted(rows, key=lambda r: r.get("last") or r.get("created", ""), reverse=True)[:200]
        self.query_one("#staff-list", Static).update(Content("\n".join(
            self.t("staff_list_row", code=r.get("code", ""), status=self.t(f"case_status_{r.get('status', 'open')}"),
                   created=_day(r.get("created", "")), last=_day(r.get("last", "") or r.get("created", "")),
                   problem=_problem(app.content, r.get("problem", "")))
            for r in listed) or "—"))

    def show_waiting(self) -> None:
        from ..store.saved import saved_at, waiting

        self.sheets = waiting(self.app.save_dir)[:50]
        self.query_one("#staff-waiting", Static).update(Content("\n".join(
            self.t("staff_waiting_row", n=n, name=p.name, at=saved_at(p), size=_size(p.stat().st_size))
            for n, p in enumerate(self.sheets, start=1)) or self.t("staff_waiting_none")))

    def _sheet(self):
        """The waiting file whose number was typed; None (after saying so) when there is none."""
        typed = self.query_one("#staff-sheet", Input).value.strip()
        if not typed.isdigit() or not 1 <= int(typed) <= len(self.sheets):
            self.say("staff_waiting_no_such", n=typed)
            return None
        return self.sheets[int(typed) - 1]

    @on(Button.Pressed, "#staff-sheet-print")
    def print_sheet(self) -> None:
        path = self._sheet()
        if path is None:
            return
        if path.suffix != ".pdf":
            self.say("staff_waiting_text_only", name=path.name)
            return
        self.say("print_working")
        self.run_worker(lambda: self._print_file(path), thread=True, exit_on_error=False, group="printer")

    def _print_file(self, path) -> None:
        from ..printing import PrintError, spooler

        app = self.app
        try:
            printer = app.find_printer()
            job = spooler.send(path.read_bytes(), printer, app.content.text("print_job_title"))
            said = self.t("staff_waiting_sent", name=path.name, printer=printer, job=job)
        except PrintError as e:
            # The staff's own words and what to run, not the visitor's 请找工作人员.
            why = str(self.t("staff_" + e.key, **e.values)) if e.key.startswith("print_") else e.message(app.content.text)
            said = self.t("staff_test_failed", why=why + (f"（{e.detail}）" if e.detail else ""))
        except OSError as e:
            said = self.t("staff_failed", why=Reason(e).said(self.t))
        app.call_from_thread(self._said, said)

    @on(Button.Pressed, "#staff-sheet-delete")
    def delete_sheet(self) -> None:
        path = self._sheet()
        if path is None:
            return
        try:
            path.unlink(missing_ok=True)
        except OSError as e:
            self.say("staff_failed", why=Reason(e).said(self.t))
            return
        self.query_one("#staff-sheet", Input).value = ""
        self.show_waiting()
        self.say("staff_waiting_deleted", name=path.name)

    def _code(self) -> str | None:
        """The case code typed, in its stored form; None (after saying so) when it is not one."""
        from ..core.plaintext import plain
        from ..store.codes import normalise_code

        typed = self.query_one("#staff-code", Input).value
        code = normalise_code(typed)
        if len(code) != 9:
            self.say("staff_no_case", code=plain(typed).strip())
            return None
        return code

    @on(Button.Pressed, "#staff-open")
    def open_case(self) -> None:
        from ..core.case import restore, timeline
        from ..core.interview import shown
        from ..store.files import StoreError

        code = self._code()
        if code is None:
            return
        try:
            case = self.app.store.load(code)
        except (StoreError, OSError) as e:
            self.say("staff_failed", why=getattr(e, "detail", "") or type(e).__name__)
            return
        if case is None:
            self.say("staff_no_case", code=code)
            return
        content = self.app.content
        lines = [f"{case.code} · {_problem(content, case.problem)} · {self.t('case_status_' + case.status)}"]
        if case.problem in content.problems:
            iv = restore(content, case.problem, case.answers)
            lines += [f"{iv.question(q).prompt} {shown(iv, q) or '—'}" for q in iv.problem.questions]
            # The visitor's own timeline: an undo is shown on the event it took back (已撤销).
            lines += [f"{e.day.isoformat()} {e.what} {e.note}".rstrip() for e in timeline(content, iv, case.events)]
        else:
            lines += [f"{e['date']} {content.events[e['kind']].label if e['kind'] in content.events else e['kind']}"
                      f" {e.get('note', '')}".rstrip() for e in case.events]
        self.query_one("#staff-case", Static).update(Content("\n".join(lines)))
        self.say("staff_title")

    @on(Button.Pressed, "#staff-unlock")
    def unlock(self) -> None:
        from ..store.files import StoreError

        code = self._code()
        if code is None:
            return
        try:
            self.app.store.unlock(code)
        except (StoreError, OSError) as e:
            self.say("staff_failed", why=getattr(e, "detail", "") or type(e).__name__)
            return
        self.say("staff_unlocked", code=code)

    @on(Button.Pressed, "#staff-purge")
    def ask_purge(self) -> None:
        # Deleting cannot be undone: a button pressed by mistake must not do it.
        from .confirm import ConfirmDialog

        days = self.app.settings.retention_days
        self.app.push_screen(ConfirmDialog(str(self.t("staff_purge_confirm", days=days)), str(self.t("staff_purge_yes")),
                                           str(self.t("staff_purge_no"))), self.purge)

    def purge(self, yes: bool | None) -> None:
        if not yes:
            return
        result = self.app.purge_old()
        if result is not None:
            self.say("staff_purged", cases=result.cases, texts=result.texts, leftovers=result.leftovers,
                     days=self.app.settings.retention_days)
            self.refresh_figures()

    @on(Button.Pressed, "#staff-export")
    def export(self) -> None:
        import os

        from ..store.export import cases_csv
        from ..store.files import atomic_write, private_folder

        from ..store.files import StoreError

        try:
            folder = self.app.store.root.parent / "exports"
            private_folder(folder)
            path = folder / f"cases-{datetime.now():%Y%m%d-%H%M%S}.csv"
            atomic_write(path, cases_csv(self.app.store.list_cases(), self.app.content).encode("utf-8-sig"))
            os.chmod(path, 0o600)
        except (StoreError, OSError) as e:
            self.say("staff_failed", why=Reason(e).said(self.t))
            return
        self.say("staff_exported", path=path)

    @on(Button.Pressed, "#staff-reload")
    def reload(self) -> None:
        from ..core.content import ContentError, load_content

        try:
            content = load_content(self.app.content_dir)
        except ContentError as e:
            self.say("staff_content_bad", n=len(e.problems), first=e.problems[0])
            return
        self.app.use_content(content)
        self.say("staff_reloaded", problems=len(content.problems), channels=len(content.channels))

    @on(Button.Pressed, "#staff-back")
    def back(self) -> None:
        self.dismiss()

    @on(Button.Pressed, "#staff-quit")
    def quit(self) -> None:
        self.app.reset()
        self.app.exit()


def _size(n: int) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


def _day(stamp: str) -> str:
    return stamp[:10] if stamp else "—"


def _problem(content, problem: str) -> str:
    return content.problems[problem].label if problem in content.problems else problem
