"""Provides the kiosk's domain: content, interview, plan, deadlines, dates, numbers and the
complaint draft. Imports no Textual and no storage."""
