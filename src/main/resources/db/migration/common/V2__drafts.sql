-- Entries written while a line is suspended wait here, unsigned and outside the chain, until the
-- line is restored; then they are signed into the chain in the order they were written.
CREATE TABLE drafts (
    line_id     VARCHAR(32) NOT NULL REFERENCES lines (id),
    draft_seq   BIGINT      NOT NULL,
    type        VARCHAR(32) NOT NULL,
    written_at  BIGINT      NOT NULL,
    body        ${binary}   NOT NULL,
    PRIMARY KEY (line_id, draft_seq)
);
