/**
 * Siyu's durable storage over JDBC: embedded SQLite by default ({@code DIR/siyu.db}, WAL,
 * synchronous=NORMAL), PostgreSQL in production, one set of portable Flyway migrations in
 * {@code db/migration} and the few that suit one database only in {@code db/sqlite} and
 * {@code db/postgresql}. An outcome's key starts with its customer id: on SQLite a customer's
 * outcomes are one range of the key index, with no second index by customer to write.
 *
 * <p>Schema. Fact tables ({@code customers, identity_links, staff, products, orders, order_items,
 * events, messages}) each have {@code seq}, the load order assigned by the importer, and keep the
 * person reference as {@code (ref_kind, ref_value)}; attributes, event properties and identity
 * references are JSON text; times are epoch seconds. Natural ids are UNIQUE and inserts are
 * {@code ON CONFLICT DO NOTHING}, so a repeat is stored once. {@code model_versions} holds each
 * model's YAML with its SHA-256 (unique per name); {@code runs} one row per evaluation;
 * {@code run_profiles} one JSON object per (run, customer); {@code run_memberships} one row per
 * (run, layer, customer) with the tier value or tag name, which {@link io.siyu.store.Store#migration}
 * aggregates in SQL. Ids are allocated as max + 1 (no SERIAL), so the SQL is the same on both.
 */
package io.siyu.store;
