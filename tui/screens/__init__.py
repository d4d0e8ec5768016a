"""Provides the kiosk's screens, one per module."""
