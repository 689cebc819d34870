-- Verification attempts counted BEFORE they are checked (issue 10). The statements are
-- produced by motcua_core::dossier::store (count_verify_attempt, forget_verify_attempts,
-- purge_verify_attempts); the policy and its reasons are in motcua_core::dossier::attempts.
--
-- One row per counter: `key` is `<counter>|<dossier code>[|<client>]` (the client is an IPv4
-- address or an IPv6 /64), counting attempts in a fixed window that starts at its first
-- attempt. The row keeps its window and allowance so that later counters in the same batch can
-- tell whether an earlier one refused the attempt.
CREATE TABLE IF NOT EXISTS verify_attempts (
  key            TEXT    PRIMARY KEY,
  window_start   INTEGER NOT NULL,        -- Unix seconds of the window's first attempt
  count          INTEGER NOT NULL,        -- attempts in the window, refused ones included
  window_seconds INTEGER NOT NULL,
  max_count      INTEGER NOT NULL
);

-- Housekeeping: expired counters (DELETE … WHERE window_start <= now - window_seconds).
CREATE INDEX IF NOT EXISTS verify_attempts_by_window
  ON verify_attempts (window_start);

-- The old table counted failures per dossier after checking them. Its counts move to the
-- dossier-wide counter (24 h, 50 attempts), so the upgrade gives no dossier a fresh allowance;
-- a lock of the old kind in force (at most 15 minutes) is not carried over.
INSERT OR IGNORE INTO verify_attempts (key, window_start, count, window_seconds, max_count)
  SELECT 'dossier_day|' || code, window_start, count, 86400, 50 FROM verify_failures;

DROP INDEX IF EXISTS verify_failures_by_window;
DROP TABLE IF EXISTS verify_failures;
