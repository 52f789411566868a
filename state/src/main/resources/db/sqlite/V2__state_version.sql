-- Embedded (SQLite) only: a counter that moves whenever a manager's settings or an assistant's log-in change,
-- however they change (this server, another process on the same file, or an administrator's DELETE as in
-- state/README.md). LiveState serves settings and presence from memory and reloads them when it moves; it
-- notices a commit by any connection with PRAGMA data_version, then reads this one row (SqliteChanges).
CREATE TABLE state_version (
    id      INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    version BIGINT  NOT NULL
);
INSERT INTO state_version (id, version) VALUES (1, 0);

CREATE TRIGGER manager_settings_inserted AFTER INSERT ON manager_settings
BEGIN UPDATE state_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER manager_settings_updated AFTER UPDATE ON manager_settings
BEGIN UPDATE state_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER manager_settings_deleted AFTER DELETE ON manager_settings
BEGIN UPDATE state_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER assistant_presence_inserted AFTER INSERT ON assistant_presence
BEGIN UPDATE state_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER assistant_presence_updated AFTER UPDATE ON assistant_presence
BEGIN UPDATE state_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER assistant_presence_deleted AFTER DELETE ON assistant_presence
BEGIN UPDATE state_version SET version = version + 1 WHERE id = 1; END;
