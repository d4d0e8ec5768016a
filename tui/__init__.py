"""Provides the 物流投诉自助 kiosk: a Textual app that tells a person where to complain."""

__version__ = "0.1.0"
