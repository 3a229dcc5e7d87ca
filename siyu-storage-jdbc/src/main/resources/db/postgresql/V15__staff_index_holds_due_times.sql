-- A task open past its due time (plus the server's siyu.task-expiry) reads as expired. With the
-- due time in the staff index, a staff member's open or expired tasks and the per-staff counts by
-- state are still read from this index alone.
DROP INDEX outcomes_by_staff;
CREATE INDEX outcomes_by_staff ON outcomes (staff_id, state, due_at);
