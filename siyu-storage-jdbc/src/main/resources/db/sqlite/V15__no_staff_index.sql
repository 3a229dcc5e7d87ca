-- SQLite keeps no index by staff member: with thousands of staff, each task stored landed on
-- another page of it, and at a million customers it was over a third of the pages every commit
-- of outcomes wrote (24 of 68). The store keeps each staff member's tasks in memory instead
-- (StaffTasks: read from the table once, like the customers' latest outcomes), and reads them by
-- sequence number. PostgreSQL keeps its index (V15 there adds the due time to it).
DROP INDEX IF EXISTS outcomes_by_staff;
