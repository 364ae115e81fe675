//! The triggers that refuse UPDATE and DELETE (and, on PostgreSQL, TRUNCATE) on the audit
//! tables. Their syntax differs between SQLite and PostgreSQL, and the migrations are one
//! set for both, so they are created here, after the migrations, by every command that
//! opens the database (`database::open`); creating them again is a no-op. Dropping them
//! needs the database owner's rights: they stop mistakes and the application's own
//! account, and what gets past them is caught by the chain and the signed checkpoints.

use sqlx::AnyPool;

/// The tables the triggers protect.
pub const TABLES: [&str; 3] = ["audit_log", "audit_checkpoints", "audit_legacy"];

/// Creates the triggers if missing, for the pool's backend.
pub async fn install(pool: &AnyPool, postgres: bool) -> Result<(), sqlx::Error> {
    let sql = if postgres {
        postgres_sql()
    } else {
        sqlite_sql()
    };
    sqlx::raw_sql(&sql).execute(pool).await?;
    Ok(())
}

fn sqlite_sql() -> String {
    TABLES
        .iter()
        .map(|t| {
            format!(
                "CREATE TRIGGER IF NOT EXISTS {t}_no_update BEFORE UPDATE ON {t} \
                 BEGIN SELECT RAISE(ABORT, '{t} is append-only: UPDATE refused'); END;\n\
                 CREATE TRIGGER IF NOT EXISTS {t}_no_delete BEFORE DELETE ON {t} \
                 BEGIN SELECT RAISE(ABORT, '{t} is append-only: DELETE refused'); END;\n"
            )
        })
        .collect()
}

fn postgres_sql() -> String {
    // One simple-protocol batch is one transaction; the advisory lock keeps instances
    // starting together from replacing the function concurrently (selected through a
    // subquery: the `Any` driver cannot carry its `void` result).
    let mut sql = String::from(
        "SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(7263514011)) AS l;\n\
         CREATE OR REPLACE FUNCTION motcua_append_only() RETURNS trigger LANGUAGE plpgsql AS $f$\n\
         BEGIN RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP; END\n$f$;\n\
         DO $d$ BEGIN\n",
    );
    for t in TABLES {
        for (name, event, each) in [
            ("no_update", "UPDATE", "ROW"),
            ("no_delete", "DELETE", "ROW"),
            ("no_truncate", "TRUNCATE", "STATEMENT"),
        ] {
            sql.push_str(&format!(
                "IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = '{t}_{name}' \
                 AND tgrelid = '{t}'::regclass) THEN \
                 CREATE TRIGGER {t}_{name} BEFORE {event} ON {t} FOR EACH {each} \
                 EXECUTE FUNCTION motcua_append_only(); END IF;\n"
            ));
        }
    }
    sql.push_str("END $d$;\n");
    sql
}
