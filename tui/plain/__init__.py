"""Provides the plain mode (`kiosk --plain`): the same visit as the full-screen kiosk, as
lines of text, for screen readers, braille displays and terminals that draw boxes badly."""
