-- High availability: which node of the station holds the lease to be the active one, and the
-- lease's epoch. The lease itself is a PostgreSQL advisory lock; this row tells followers where
-- the leader is, and its epoch fences out a deposed leader's commits. Unused on SQLite.
CREATE TABLE ha_lease (
    id INTEGER PRIMARY KEY,
    epoch BIGINT NOT NULL,
    node VARCHAR(200),
    host VARCHAR(255),
    federation_port INTEGER,
    api_port INTEGER,
    since BIGINT
);
INSERT INTO ha_lease (id, epoch) VALUES (1, 0);
