"""Provides case storage: TinyDB files written atomically under a lock, with codes, PINs
and recovery from damaged files. Imports no Textual."""
