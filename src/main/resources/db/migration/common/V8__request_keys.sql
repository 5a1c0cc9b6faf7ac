-- Idempotency keys of operator requests (POST messages with an Idempotency-Key header): a
-- repeated request gets the first one's outcome instead of writing again. own_seq is the entry
-- written; draft_seq the draft kept while the line was cut, until it is signed into the chain.
CREATE TABLE request_keys (
    request_key VARCHAR(300) PRIMARY KEY,
    line_id VARCHAR(64) NOT NULL,
    body_hash VARCHAR(64) NOT NULL,
    own_seq BIGINT,
    draft_seq BIGINT,
    written_at BIGINT NOT NULL
);
CREATE INDEX request_keys_drafts ON request_keys (line_id, draft_seq);
