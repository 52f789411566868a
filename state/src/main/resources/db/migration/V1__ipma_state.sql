-- The live IPMA state. Portable between SQLite (embedded) and PostgreSQL (shared by N nodes): times are BIGINT
-- epoch milliseconds, text is TEXT, flags are BOOLEAN (SQLite stores 0/1), upserts use ON CONFLICT.

-- A manager's settings once changed at run time; no row = the configuration file's values apply.
CREATE TABLE manager_settings (
    manager            TEXT    NOT NULL PRIMARY KEY,
    filter_enabled     BOOLEAN NOT NULL,
    filter_mode        TEXT    NOT NULL,
    -- Filter patterns, one per line (a pattern never holds a line break); '' = empty list.
    inclusive          TEXT    NOT NULL,
    exclusive          TEXT    NOT NULL,
    divert_all         BOOLEAN NOT NULL,
    divert_target      TEXT,
    dnd                BOOLEAN NOT NULL,
    default_assistant  TEXT,
    selected_assistant TEXT,
    updated_at         BIGINT  NOT NULL
);

-- Whether an assistant is logged in for a manager; no row = the caller's default (logged in).
CREATE TABLE assistant_presence (
    assistant  TEXT    NOT NULL,
    manager    TEXT    NOT NULL,
    logged_in  BOOLEAN NOT NULL,
    updated_at BIGINT  NOT NULL,
    PRIMARY KEY (assistant, manager)
);

-- One row per call, written when the call ends.
CREATE TABLE call_record (
    id          TEXT   NOT NULL PRIMARY KEY,
    node        TEXT   NOT NULL,
    caller_dn   TEXT   NOT NULL,
    caller_name TEXT,
    dialled     TEXT   NOT NULL,
    reason      TEXT   NOT NULL,
    started_at  BIGINT NOT NULL,
    answered_at BIGINT,
    ended_at    BIGINT NOT NULL,
    end_cause   TEXT   NOT NULL
);
CREATE INDEX call_record_started ON call_record (started_at);
CREATE INDEX call_record_caller ON call_record (caller_dn, started_at);
CREATE INDEX call_record_dialled ON call_record (dialled, started_at);

-- The legs a call rang, in order.
CREATE TABLE call_leg (
    call_id    TEXT    NOT NULL REFERENCES call_record (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    target_dn  TEXT    NOT NULL,
    reason     TEXT    NOT NULL,
    started_at BIGINT  NOT NULL,
    PRIMARY KEY (call_id, position)
);
CREATE INDEX call_leg_target ON call_leg (target_dn);

-- SIP bindings (REGISTER contacts) of every node.
CREATE TABLE sip_binding (
    user_name  TEXT   NOT NULL,
    dn         TEXT   NOT NULL,
    contact    TEXT   NOT NULL,
    expires_at BIGINT NOT NULL,
    call_id    TEXT   NOT NULL,
    cseq       BIGINT NOT NULL,
    node       TEXT   NOT NULL,
    PRIMARY KEY (user_name, dn, contact)
);
CREATE INDEX sip_binding_line ON sip_binding (dn, expires_at);
CREATE INDEX sip_binding_expires ON sip_binding (expires_at);

-- Keys shared by every node (digest nonces, redirect tokens), Base64.
CREATE TABLE shared_secret (
    name       TEXT   NOT NULL PRIMARY KEY,
    secret     TEXT   NOT NULL,
    created_at BIGINT NOT NULL
);
