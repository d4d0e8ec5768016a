"""Provides the minimal Textual app the benchmark starts the way a person starts a program (a
command in a terminal), to time the `kiosk` command against: a header, a line with 开始, a
footer."""

from textual.app import App
from textual.widgets import Footer, Header, Static


class Minimal(App):
    def compose(self):
        yield Header()
        yield Static("开始")
        yield Footer()


if __name__ == "__main__":
    Minimal().run()
