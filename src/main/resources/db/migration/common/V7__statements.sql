-- Statements published on the station's public feed: each the whole signed document, verifiable
-- offline, by its id (SHA-256 of what the principal signed).
CREATE TABLE statements (
    id            VARCHAR(64)  PRIMARY KEY,
    published_at  BIGINT       NOT NULL,
    document      ${binary}    NOT NULL
);
