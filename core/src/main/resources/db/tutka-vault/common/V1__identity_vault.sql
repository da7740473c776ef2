-- The identity vault: the personal identity code behind each pseudonym, for the delivery's linkage file. The code is
-- encrypted with AES-256-GCM under a key derived from the area key that made the pseudonym (subject_key), with
-- "subject_key \n subject" as associated data, so an entry moved to another row does not decrypt. Nothing here is
-- readable without the key file.

CREATE TABLE tutka_identity_vault (
    subject_key VARCHAR(200) NOT NULL,
    subject     VARCHAR(200) NOT NULL,
    area        VARCHAR(200) NOT NULL,
    nonce       BYTEA        NOT NULL,
    ciphertext  BYTEA        NOT NULL,
    PRIMARY KEY (subject_key, subject),
    CONSTRAINT tutka_identity_vault_nonce CHECK (OCTET_LENGTH(nonce) = 12)
);
