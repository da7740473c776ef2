"""Reproduces Tutka's keyed-hash-v1 trial assignment once a trial's key is released.

    b = (first 8 bytes of HMAC-SHA256(trial key, UTF-8("tutka-v1:" + trial id + ":" + subject))
         read as a big-endian unsigned 64-bit integer) mod 10000

Arms take half-open ranges of basis points in declaration order: with weights [5000, 5000] arm 0 takes b in
[0, 5000) and arm 1 takes [5000, 10000). Run as a script, it prints the test vectors that Tutka's own tests check.
"""
import hashlib
import hmac
import sys


def basis_points(trial_key: bytes, trial_id: str, subject: str) -> int:
    message = ("tutka-v1:" + trial_id + ":" + subject).encode("utf-8")
    digest = hmac.new(trial_key, message, hashlib.sha256).digest()
    return int.from_bytes(digest[:8], "big") % 10000


def arm(b: int, weights: list) -> int:
    if sum(weights) != 10000:
        raise ValueError("weights must sum to 10000")
    upper = 0
    for index, weight in enumerate(weights):
        upper += weight
        if b < upper:
            return index
    raise AssertionError("unreachable")


if __name__ == "__main__":
    key = bytes(range(32))  # the test key; a real trial key comes from the area's key store
    out = sys.stdout
    out.write("trial_id,subject,basis_points,arm_50_50,arm_25_25_50\n")
    for trial_id in ("youth-coaching-2026", "ltu55-2026"):
        for i in range(40):
            subject = hashlib.sha256(("subject-%d" % i).encode("utf-8")).hexdigest()
            b = basis_points(key, trial_id, subject)
            out.write("%s,%s,%d,%d,%d\n" % (trial_id, subject, b, arm(b, [5000, 5000]), arm(b, [2500, 2500, 5000])))
