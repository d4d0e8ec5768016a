"""Provides the visit as code no front depends on: the full-screen kiosk (tui.app) and the
plain line-by-line mode (tui.plain) both drive a Visit (tui.visit.visit)."""

from .visit import FINISH, WELCOME, Move, PageCheck, Visit

__all__ = ["FINISH", "WELCOME", "Move", "PageCheck", "Visit"]
