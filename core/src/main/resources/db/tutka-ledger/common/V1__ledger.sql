-- The trial allocation ledger (docs/ledger.md). Entries are only ever inserted; each carries the SHA-256 of the
-- entry before it. Allocations and corrections share one chain of positions 1, 2, 3, ...

CREATE TABLE tutka_allocation (
    position             BIGINT        NOT NULL PRIMARY KEY,
    trial_id             VARCHAR(200)  NOT NULL,
    trial_version        VARCHAR(200)  NOT NULL,
    protocol_fingerprint VARCHAR(200)  NOT NULL,
    method               VARCHAR(200)  NOT NULL,
    subject              VARCHAR(200)  NOT NULL,
    subject_key          VARCHAR(200)  NOT NULL,
    area                 VARCHAR(200)  NOT NULL,
    stratum              VARCHAR(200)  NOT NULL,
    sequence_number      BIGINT        NOT NULL,
    arm                  VARCHAR(200)  NOT NULL,
    decision_id          VARCHAR(200)  NOT NULL,
    decision_local_date  DATE          NOT NULL,
    snapshot_hash        VARCHAR(200)  NOT NULL,
    ruleset_version      VARCHAR(200)  NOT NULL,
    allocated_at         TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    previous_hash        VARCHAR(64)   NOT NULL,
    entry_hash           VARCHAR(64)   NOT NULL,
    -- a client is randomised at most once per trial
    CONSTRAINT tutka_allocation_once UNIQUE (trial_id, subject),
    -- sequence numbers are never reused within a trial and stratum
    CONSTRAINT tutka_allocation_sequence UNIQUE (trial_id, stratum, sequence_number)
);

CREATE INDEX tutka_allocation_by_subject ON tutka_allocation (subject);
CREATE INDEX tutka_allocation_by_trial ON tutka_allocation (trial_id, position);

CREATE TABLE tutka_correction (
    position             BIGINT        NOT NULL PRIMARY KEY,
    trial_id             VARCHAR(200)  NOT NULL,
    subject              VARCHAR(200)  NOT NULL,
    kind                 VARCHAR(40)   NOT NULL,
    reason               VARCHAR(4000) NOT NULL,
    actor                VARCHAR(200)  NOT NULL,
    corrected_at         TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    previous_hash        VARCHAR(64)   NOT NULL,
    entry_hash           VARCHAR(64)   NOT NULL,
    CONSTRAINT tutka_correction_kind CHECK (kind IN ('WITHDRAWAL', 'ALLOCATED_IN_ERROR'))
);

CREATE INDEX tutka_correction_by_subject ON tutka_correction (subject, trial_id);

-- The chain head: the newest entry's position and hash, in one row that every append locks first, which makes
-- appends one at a time across threads and processes. Position 0 and an empty hash: the ledger is empty.
CREATE TABLE tutka_ledger_head (
    id         INTEGER     NOT NULL PRIMARY KEY,
    position   BIGINT      NOT NULL,
    entry_hash VARCHAR(64) NOT NULL,
    CONSTRAINT tutka_ledger_head_one_row CHECK (id = 1)
);

INSERT INTO tutka_ledger_head (id, position, entry_hash) VALUES (1, 0, '');
