"""Provides case codes (like 7KQ3-M9XD, with no look-alike characters), PINs, and the salted slow
hash a PIN is stored as."""

from __future__ import annotations

import hashlib
import hmac
import secrets

# No 0/O, 1/I/L, 5/S, 2/Z, 8/B: a code read off a phone photo or a scrap of paper must not
# be misread.
ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
PIN_DIGITS = 6
# PBKDF2-HMAC-SHA256 at 600,000 iterations (OWASP's 2023 figure; the issue asks ≥ 200k): about
# 0.2 s a check here. Chosen over scrypt because scrypt's strength is its memory — 16 MiB a
# check at n=2**14 — and that peak would be the kiosk's largest. PINs hashed with scrypt by
# earlier versions still verify.
ITERATIONS = 600_000


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def normalise_code(text: str) -> str:
    """What a person typed as a code, in the stored form ("7kq3 m9xd" → "7KQ3-M9XD")."""
    s = "".join(ch for ch in text.upper() if ch.isalnum())
    return f"{s[:4]}-{s[4:]}" if len(s) == 8 else s


def new_pin() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(PIN_DIGITS))


def hash_pin(pin: str, salt: bytes | None = None) -> dict:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, ITERATIONS)
    return {"alg": "pbkdf2-sha256", "salt": salt.hex(), "hash": digest.hex(), "iterations": ITERATIONS}


def verify_pin(pin: str, stored: dict) -> bool:
    salt = bytes.fromhex(stored["salt"])
    if stored.get("alg") == "pbkdf2-sha256":
        digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, stored["iterations"])
    else:  # schema-1 files written before PBKDF2: scrypt with the parameters stored beside it
        digest = hashlib.scrypt(pin.encode(), salt=salt, n=stored["n"], r=stored["r"], p=stored["p"], dklen=32)
    return hmac.compare_digest(digest.hex(), stored["hash"])
