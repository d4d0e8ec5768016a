"""Provides the kiosk's reusable widgets."""
