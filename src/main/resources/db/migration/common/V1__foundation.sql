-- Lines, their entries (append-only), receipts, checkpoints, evidence, invitations and API tokens.
-- One schema for SQLite and PostgreSQL; ${binary} is BLOB on SQLite and BYTEA on PostgreSQL.
CREATE TABLE lines (
    id            VARCHAR(32)  PRIMARY KEY,
    name          VARCHAR(64)  NOT NULL UNIQUE,
    peer_id       VARCHAR(52)  NOT NULL,
    peer_name     VARCHAR(200) NOT NULL,
    peer_key      VARCHAR(64)  NOT NULL,
    peer_address  VARCHAR(300) NOT NULL,
    state         VARCHAR(16)  NOT NULL,
    flag          VARCHAR(1000),
    opened_at     BIGINT       NOT NULL
);

CREATE TABLE entries (
    line_id    VARCHAR(32) NOT NULL REFERENCES lines (id),
    author     VARCHAR(52) NOT NULL,
    seq        BIGINT      NOT NULL,
    hash       VARCHAR(64) NOT NULL,
    seen_seq   BIGINT      NOT NULL,
    type       VARCHAR(32) NOT NULL,
    position   BIGINT      NOT NULL,
    stored_at  BIGINT      NOT NULL,
    bytes      ${binary}       NOT NULL,
    signature  ${binary}       NOT NULL,
    PRIMARY KEY (line_id, author, seq)
);
CREATE UNIQUE INDEX entries_by_position ON entries (line_id, position);

CREATE TABLE evidence (
    line_id      VARCHAR(32) NOT NULL REFERENCES lines (id),
    author       VARCHAR(52) NOT NULL,
    seq          BIGINT      NOT NULL,
    hash         VARCHAR(64) NOT NULL,
    stored_hash  VARCHAR(64) NOT NULL,
    recorded_at  BIGINT      NOT NULL,
    bytes        ${binary}       NOT NULL,
    signature    ${binary}       NOT NULL,
    PRIMARY KEY (line_id, author, seq, hash)
);

CREATE TABLE receipts (
    line_id      VARCHAR(32) NOT NULL REFERENCES lines (id),
    seq          BIGINT      NOT NULL,
    hash         VARCHAR(64) NOT NULL,
    own_seq      BIGINT      NOT NULL,
    received_at  BIGINT      NOT NULL,
    bytes        ${binary}       NOT NULL,
    signature    ${binary}       NOT NULL,
    PRIMARY KEY (line_id, seq)
);

CREATE TABLE checkpoints (
    line_id        VARCHAR(32) NOT NULL REFERENCES lines (id),
    first_author   VARCHAR(52) NOT NULL,
    first_seq      BIGINT      NOT NULL,
    first_hash     VARCHAR(64),
    second_author  VARCHAR(52) NOT NULL,
    second_seq     BIGINT      NOT NULL,
    second_hash    VARCHAR(64),
    digest         VARCHAR(64) NOT NULL,
    agreed_at      BIGINT      NOT NULL,
    PRIMARY KEY (line_id, first_seq, second_seq)
);

CREATE TABLE invitations (
    line_id      VARCHAR(32)  PRIMARY KEY,
    line_name    VARCHAR(64)  NOT NULL,
    secret_hash  VARCHAR(64)  NOT NULL,
    created_at   BIGINT       NOT NULL,
    expires_at   BIGINT       NOT NULL,
    used_at      BIGINT,
    used_by      VARCHAR(52)
);

CREATE TABLE tokens (
    token_hash  VARCHAR(64)  PRIMARY KEY,
    name        VARCHAR(100) NOT NULL,
    role        VARCHAR(16)  NOT NULL,
    created_at  BIGINT       NOT NULL,
    revoked_at  BIGINT
);
