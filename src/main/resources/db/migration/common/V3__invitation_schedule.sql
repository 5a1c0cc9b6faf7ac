-- A check-in schedule asked for at invitation time, proposed as soon as the line opens (JSON).
ALTER TABLE invitations ADD COLUMN schedule VARCHAR(4000);
