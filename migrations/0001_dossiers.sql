-- Dossier status at the edge (Cloudflare D1, SQLite dialect).
-- Times are Unix seconds (INTEGER); the Rust core formats them in Vietnam time (UTC+7).
-- The statements the Worker runs against these tables are produced by motcua_core::dossier::store.

-- Every status event ever accepted, append-only. `payload` is the event's canonical JSON with
-- the applicant's name masked and the phone digits removed (no personal data beyond that).
CREATE TABLE IF NOT EXISTS dossier_events (
  id           TEXT    PRIMARY KEY,                    -- sender's unique event id
  dossier_code TEXT    NOT NULL,                       -- canonical dossier code
  status       INTEGER NOT NULL CHECK (status BETWEEN 1 AND 10),
  status_rank  INTEGER NOT NULL,                       -- tie-break at the same second
  at           INTEGER NOT NULL,                       -- when the status took effect
  payload      TEXT    NOT NULL,                       -- redacted canonical event JSON
  received     INTEGER NOT NULL                        -- when the edge stored it
);

-- History of one dossier in event order (lookup) — also serves "events of a dossier".
CREATE INDEX IF NOT EXISTS dossier_events_by_dossier
  ON dossier_events (dossier_code, at, status_rank, id);

-- Append-only: corrections arrive as new events, never as edits.
CREATE TRIGGER IF NOT EXISTS dossier_events_append_only
  BEFORE UPDATE ON dossier_events
  BEGIN
    SELECT RAISE(ABORT, 'dossier_events is append-only');
  END;

-- Current state per dossier: what a lookup reads. (status_at, status_rank, last_event_id) is
-- the key of the newest event; the upsert only moves it forward.
CREATE TABLE IF NOT EXISTS dossiers (
  code                    TEXT    PRIMARY KEY,
  status                  INTEGER NOT NULL CHECK (status BETWEEN 1 AND 10),
  status_rank             INTEGER NOT NULL,
  status_at               INTEGER NOT NULL,
  last_event_id           TEXT    NOT NULL,
  procedure_code          TEXT,
  procedure_name          TEXT,
  agency_id               TEXT,
  agency_name             TEXT,
  received_at             INTEGER,
  appointment_at          INTEGER,                     -- current appointment (after apologies)
  original_appointment_at INTEGER,                     -- the first appointment ever promised
  appointment_key         TEXT,                        -- sortable key of the event that set appointment_at
  processing_amount       REAL,
  processing_unit         TEXT CHECK (processing_unit IN ('WORKING_DAY', 'DAY', 'HOUR', 'MONTH', 'YEAR')),
  applicant_masked        TEXT,                        -- e.g. 'Nguyễn V. A.'
  verifier_salt           TEXT,                        -- random per dossier
  verifier_hash           TEXT,                        -- hex HMAC-SHA256(pepper, salt || ':' || last4)
  updated_at              INTEGER NOT NULL,
  CHECK ((verifier_salt IS NULL) = (verifier_hash IS NULL))
);

-- Reports: late and open dossiers of an agency.
CREATE INDEX IF NOT EXISTS dossiers_by_agency_status
  ON dossiers (agency_id, status, appointment_at);

-- Failed phone verifications per dossier code, for lockout after repeated failures.
CREATE TABLE IF NOT EXISTS verify_failures (
  code         TEXT    PRIMARY KEY,
  window_start INTEGER NOT NULL,
  count        INTEGER NOT NULL,
  locked_until INTEGER
);

-- Clean-up of expired rows.
CREATE INDEX IF NOT EXISTS verify_failures_by_window
  ON verify_failures (window_start);
