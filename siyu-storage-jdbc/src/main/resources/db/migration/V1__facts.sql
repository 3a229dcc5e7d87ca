-- Facts as loaded (DESIGN.md §4). Portable SQL: valid on SQLite (>= 3.24) and PostgreSQL.
-- Every table has seq: the load order, assigned by the importer (no SERIAL, no sequences);
-- replay reads each table ORDER BY seq. Facts keep their person reference as
-- (ref_kind, ref_value); identity unification happens later, in memory.
-- Times are epoch seconds; absent numbers and strings are NULL; JSON columns hold UTF-8 text.

CREATE TABLE customers (
    seq         BIGINT NOT NULL PRIMARY KEY,
    customer_id TEXT   NOT NULL UNIQUE,
    attributes  TEXT   NOT NULL            -- JSON object {"name": "...", "region": "...", ...}
);

CREATE TABLE identity_links (
    seq    BIGINT NOT NULL PRIMARY KEY,
    refs   TEXT   NOT NULL,                -- JSON array of [kind, value] pairs, e.g. [["unionid","u1"],["phone","138"]]
    source TEXT
);

CREATE TABLE staff (
    seq      BIGINT  NOT NULL PRIMARY KEY,
    staff_id TEXT    NOT NULL UNIQUE,
    name     TEXT,
    role     TEXT,
    store_id TEXT,
    active   INTEGER NOT NULL              -- 1 = active, 0 = left
);

CREATE TABLE products (
    seq        BIGINT NOT NULL PRIMARY KEY,
    sku        TEXT   NOT NULL UNIQUE,
    name       TEXT,
    category   TEXT,
    price      DOUBLE PRECISION,
    cycle_days DOUBLE PRECISION
);

CREATE TABLE orders (
    seq        BIGINT NOT NULL PRIMARY KEY,
    order_id   TEXT   NOT NULL UNIQUE,
    ref_kind   TEXT   NOT NULL,
    ref_value  TEXT   NOT NULL,
    ordered_at BIGINT NOT NULL,
    amount     DOUBLE PRECISION,
    status     TEXT,
    store_id   TEXT,
    channel    TEXT,
    table_id   TEXT
);

CREATE TABLE order_items (
    seq        BIGINT NOT NULL PRIMARY KEY,
    order_id   TEXT   NOT NULL,
    sku        TEXT   NOT NULL,
    quantity   DOUBLE PRECISION,
    unit_price DOUBLE PRECISION
);

CREATE TABLE events (
    seq         BIGINT NOT NULL PRIMARY KEY,
    event_id    TEXT UNIQUE,               -- NULL ids are never de-duplicated
    ref_kind    TEXT   NOT NULL,
    ref_value   TEXT   NOT NULL,
    occurred_at BIGINT NOT NULL,
    type        TEXT   NOT NULL,
    properties  TEXT   NOT NULL            -- JSON object of the event's properties
);

CREATE TABLE messages (
    seq        BIGINT NOT NULL PRIMARY KEY,
    message_id TEXT UNIQUE,                -- NULL ids are never de-duplicated
    ref_kind   TEXT   NOT NULL,
    ref_value  TEXT   NOT NULL,
    sent_at    BIGINT NOT NULL,
    text       TEXT,
    direction  TEXT,
    channel    TEXT,
    group_id   TEXT,
    staff_id   TEXT
);
