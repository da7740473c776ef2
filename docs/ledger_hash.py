#!/usr/bin/env python3
"""Recomputes the hash of a Tutka allocation ledger entry (docs/ledger.md), standard library only.

Run as a script, it prints the hashes of the worked example in docs/ledger.md, one a line.
"""
import hashlib

GENESIS = "0" * 64

ALLOCATION_FIELDS = ["trial_id", "trial_version", "protocol_fingerprint", "method", "subject", "subject_key",
                     "area", "stratum", "sequence_number", "arm", "decision_id", "decision_local_date",
                     "snapshot_hash", "ruleset_version", "allocated_at"]
CORRECTION_FIELDS = ["trial_id", "subject", "reason", "actor", "corrected_at"]


def escape(value):
    return str(value).replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")


def entry_hash(previous_hash, position, kind, fields):
    """kind: ALLOCATION, WITHDRAWAL or ALLOCATED_IN_ERROR; fields: column name -> value as text
    (instants as 2026-03-02T08:15:30.250000Z, dates as 2026-03-02)."""
    names = ALLOCATION_FIELDS if kind == "ALLOCATION" else CORRECTION_FIELDS
    lines = [("previous_hash", previous_hash), ("position", position), ("kind", kind)]
    lines += [(name, fields[name]) for name in names]
    text = "".join(f"{name}={escape(value)}\n" for name, value in lines)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


if __name__ == "__main__":
    subject = "5d41402abc4b2a76b9719d911017c592aa3bbbcfd9e5f0a5ca0ab5a1e1b13c85"
    first = entry_hash(GENESIS, 1, "ALLOCATION", {
        "trial_id": "youth-coaching-2026", "trial_version": "1",
        "protocol_fingerprint": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "method": "keyed-hash-v1", "subject": subject, "subject_key": "179-20260105-1a2b3c4d", "area": "179",
        "stratum": "", "sequence_number": 0, "arm": "intensified", "decision_id": "D-2026-000123",
        "decision_local_date": "2026-03-02",
        "snapshot_hash": "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae",
        "ruleset_version": "2026.03-1", "allocated_at": "2026-03-02T08:15:30.250000Z"})
    second = entry_hash(first, 2, "WITHDRAWAL", {
        "trial_id": "youth-coaching-2026", "subject": subject, "reason": "client moved to another area\\region",
        "actor": "analyst-179-07", "corrected_at": "2026-04-15T10:00:00.000000Z"})
    print(first)
    print(second)
