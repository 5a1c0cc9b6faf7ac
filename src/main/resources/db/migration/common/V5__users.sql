-- People who use the station, each with a role and an Argon2id password hash (PHC string with its
-- parameters). Tokens may name the user they were made for, and a login's token expires.
CREATE TABLE users (
    name           VARCHAR(64)  PRIMARY KEY,
    role           VARCHAR(16)  NOT NULL,
    password_hash  VARCHAR(200) NOT NULL,
    created_at     BIGINT       NOT NULL
);

ALTER TABLE tokens ADD COLUMN user_name VARCHAR(64);
ALTER TABLE tokens ADD COLUMN expires_at BIGINT;
