"""Provides the complaint text screen: one text for each body of the plan that takes a written
complaint, chosen by its short name (today's step first), editable, to copy (OSC 52, not in kiosk
mode), save to the folder the staff configured, print or carry away as QR codes."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static, TextArea

from ..core.keyed import Reason
from ..core.draft import build_draft, default_recipient, recipients_for
from ..widgets.button import Button
from ..widgets.choice import OneOfRow
from ..widgets.complaint_area import ComplaintArea
from .flow import FlowScreen
from .take_away import TakeAwayScreen


# QR parts a visitor can be asked to scan, and terminal sizes to suggest, smallest first.
MOST_PARTS = 2
TERMINALS = [(100, 30), (120, 40), (140, 45), (160, 50), (200, 60)]


class ComplaintScreen(FlowScreen):
    offers_saving = True

    DEFAULT_CSS = """
    ComplaintScreen #recipients { margin: 0 0 1 0; }
    """

    def title_text(self) -> str:
        return self.t("complaint_title")

    def next_label(self) -> str:
        return self.t("finish")

    def basis(self) -> tuple:
        # The evidence ticked on the screen before changes only the drafts' words (renew).
        return self.visit()

    def compose_body(self) -> ComposeResult:
        app = self.app
        plan = app.plan()
        self.recipients = recipients_for(app.content, plan)
        self.recipient = self.interview.complaint_to or default_recipient(app.content, plan)
        if self.recipient not in {r.id for r in self.recipients}:
            self.recipient = default_recipient(app.content, plan)
        # Written as the screen is built (again if evidence was ticked since: renew); the
        # answers cannot change while this screen is open.
        self.generated = self.drafts()
        yield Static(Content(self.t("complaint_intro")), classes="hint", markup=False)
        yield OneOfRow(Content(self.t("complaint_to")),
                       [(Content(self.app.content.recipients[r.id].short), r.id) for r in self.recipients],
                       self.recipient, id="recipients")
        yield Static("", id="edited", classes="hint", markup=False)
        with Horizontal(id="complaint-actions"):
            if not app.kiosk_mode:  # kiosk mode copies to no clipboard (KioskApp.copy_to_clipboard)
                yield Button(Content(self.t("copy")), id="copy")
            yield Button(Content(self.t("save_file")), id="save")
            yield Button(Content(self.t("regenerate")), id="regenerate")
            yield Button(Content(self.t("take_away")), id="take-away")
        yield ComplaintArea(self._text_for(self.recipient), id="complaint", soft_wrap=True)

    def drafts(self) -> dict[str, str]:
        """The text the kiosk writes for each body, from the answers and the evidence ticked."""
        self.ticked = set(self.interview.evidence_ticked)
        events = self.app.events()  # a returning visitor's texts tell what the case recorded since
        return {r.id: build_draft(self.app.content, self.interview, r.id, self.app.today(), events)
                for r in self.recipients}

    def renew(self) -> None:
        # Built ahead while the visitor was ticking their evidence, which the drafts list.
        if self.ticked != self.interview.evidence_ticked:
            self.generated = self.drafts()
            self.query_one("#complaint", TextArea).load_text(self._text_for(self.recipient))

    def _text_for(self, recipient_id: str) -> str:
        return self.interview.complaint_texts.get(recipient_id, self.generated.get(recipient_id, ""))

    def on_mount(self) -> None:
        self._show_edited()
        self._offer_take_away()
        self.query_one("#complaint", TextArea).focus()

    def on_resize(self) -> None:
        self._offer_take_away()

    def _offer_take_away(self) -> None:
        # 扫码带走 only where the text fits in MOST_PARTS codes on this terminal: at a desk's
        # 80×24 it never does, and a button that can only say "enlarge the window" is none.
        # (An edit that makes it too long is still told so when pressed: take_away.)
        fits = len(TakeAwayScreen.split(self.text(), self.app.size)) <= MOST_PARTS
        self.query_one("#take-away").display = fits

    def _show_edited(self) -> None:
        edited = self.recipient in self.interview.complaint_texts
        self.query_one("#edited", Static).update(Content(self.t("edited_kept") if edited else ""))
        self.query_one("#edited").display = edited

    def text(self) -> str:
        return self.query_one("#complaint", TextArea).text

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self.app.visit.keep_complaint(self.recipient, self.text(), self.generated.get(self.recipient))

    @on(OneOfRow.Changed, "#recipients")
    def _choose(self, event: OneOfRow.Changed) -> None:
        event.stop()
        self.recipient = event.value
        self.app.visit.choose_recipient(event.value)
        self.query_one("#complaint", TextArea).load_text(self._text_for(self.recipient))
        self._show_edited()
        self._offer_take_away()

    def print_visit(self) -> None:
        self.app.print_visit(self, self.recipient, self.text())

    def take_away(self) -> None:
        """The text as QR codes — at most MOST_PARTS: nobody scans fifteen. On a terminal too
        small for that, say how large it must be, and what else carries the text away."""
        parts = TakeAwayScreen.split(self.text(), self.app.size)
        if len(parts) <= MOST_PARTS:
            self.show_error("")
            self.app.push_screen(TakeAwayScreen(parts))
            return
        need = next((size for size in TERMINALS if len(TakeAwayScreen.split(self.text(), size)) <= MOST_PARTS),
                    TERMINALS[-1])
        self.show_error(self.t("take_away_too_small", n=len(parts), w=need[0], h=need[1]))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "copy":
            self.app.copy_to_clipboard(self.text())
            self.notify(self.t("copied"), markup=False)
        elif event.button.id == "save":
            try:
                path = self.app.save_complaint(self.text())
            except OSError as e:
                self.show_error(self.t("save_failed", why=Reason(e).said(self.t)))
            else:
                self.show_error("")
                # The file's name, not the server path: the staff know the folder, a visitor
                # needs nothing of the machine's layout.
                self.notify(self.t("saved_to", name=path.name), markup=False, timeout=8)
        elif event.button.id == "take-away":
            self.take_away()
        elif event.button.id == "regenerate":
            drafted = self.generated.get(self.recipient, "")
            self.query_one("#complaint", TextArea).load_text(drafted)
            self.app.visit.keep_complaint(self.recipient, drafted, drafted)
            self._show_edited()
        else:
            return  # 上一步, 下一步, 保存为案件, 打印: FlowScreen's own handlers
        event.stop()
