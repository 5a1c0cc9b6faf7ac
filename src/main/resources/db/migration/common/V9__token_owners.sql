-- Every token belongs to a user. The station's own CLI token (made by init, held by no user until
-- now) and any other token without a user go to the built-in user "station", who has no password
-- (the hash '!' never matches) and so can never sign in.
INSERT INTO users (name, role, password_hash, created_at)
SELECT 'station', 'PRINCIPAL', '!', 0 WHERE NOT EXISTS (SELECT 1 FROM users WHERE name = 'station');

UPDATE tokens SET user_name = 'station' WHERE user_name IS NULL;

CREATE INDEX tokens_by_user ON tokens (user_name);
