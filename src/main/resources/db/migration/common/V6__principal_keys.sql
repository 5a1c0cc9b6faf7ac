-- Our principals' keys, one row per generation. The private halves are locked under the
-- principal's passphrase (Argon2id, AES-256-GCM): the station keeps them but cannot use them.
-- The other side's principals' keys are not stored here: they are read from its transcript.
CREATE TABLE principal_keys (
    name           VARCHAR(64)  NOT NULL,
    generation     INTEGER      NOT NULL,
    signing_key    VARCHAR(64)  NOT NULL,
    sealing_key    VARCHAR(64)  NOT NULL,
    locked         ${binary}    NOT NULL,
    rotation       VARCHAR(100),
    created_at     BIGINT       NOT NULL,
    retired_at     BIGINT,
    PRIMARY KEY (name, generation)
);
