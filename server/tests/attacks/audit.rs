//! Issue 11, "Audit that cannot be rewritten quietly" (SECURITY.md): against the real
//! `motcua` binary and database, on SQLite and PostgreSQL. The attacker has the
//! database's owner rights: they can drop the triggers.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use motcua_server::audit::chain::{entry_hash, Fields};
use motcua_server::config::Settings;
use sqlx::Row;

use super::signing::{stderr, Site, AUDIT_KEY};
use crate::common::Backend;

macro_rules! on_both_backends {
    ($($scenario:ident),* $(,)?) => {$(
        mod $scenario {
            #[test]
            fn sqlite() {
                super::$scenario(crate::common::Backend::Sqlite);
            }

            #[test]
            fn postgres() {
                super::$scenario(crate::common::Backend::Postgres);
            }
        }
    )*};
}

on_both_backends!(
    the_database_refuses_to_update_or_delete_audit_entries,
    audit_verify_names_a_tampered_entry_and_checkpoints_catch_a_rewritten_chain,
    concurrent_appends_do_not_fork_the_chain,
);

fn exec(site: &Site, sql: String) -> Result<(), String> {
    site.query(async |pool| {
        sqlx::raw_sql(&sql)
            .execute(pool)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    })
}

/// What the attacker does first: drop a trigger (`no_update` or `no_delete`).
fn drop_trigger(site: &Site, table: &str, which: &str) {
    let sql = if site.is_postgres() {
        format!("DROP TRIGGER {table}_{which} ON {table}")
    } else {
        format!("DROP TRIGGER {table}_{which}")
    };
    exec(site, sql).unwrap();
}

fn audit_verify(site: &Site) -> (bool, String) {
    let out = site.motcua(&["audit", "verify"]);
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
    (out.status.success(), text)
}

fn the_database_refuses_to_update_or_delete_audit_entries(backend: Backend) {
    let site = Site::start(backend, "audit_guard", false);
    site.sign("a");
    let out = site.motcua(&["audit", "checkpoint"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(site.count("SELECT COUNT(*) FROM audit_log") >= 2);
    for sql in [
        "UPDATE audit_log SET actor_name = 'Người Khác'",
        "DELETE FROM audit_log",
        "UPDATE audit_checkpoints SET signature = 'x'",
        "DELETE FROM audit_checkpoints",
        "UPDATE audit_legacy SET entries = entries + 1",
        "DELETE FROM audit_legacy",
    ] {
        let refused = exec(&site, sql.to_owned()).unwrap_err();
        assert!(refused.contains("append-only"), "{sql}: {refused}");
    }
    if site.is_postgres() {
        let refused = exec(&site, "TRUNCATE audit_log".into()).unwrap_err();
        assert!(refused.contains("append-only"), "{refused}");
    }
    let (ok, text) = audit_verify(&site);
    assert!(ok, "{text}");
    assert!(text.contains("OK"), "{text}");
}

/// One stored entry, every column.
struct Row16 {
    fields: Fields,
    day: String,
    seq: i64,
    prev: String,
    hash: String,
}

fn entries(site: &Site) -> Vec<Row16> {
    site.query(async |pool| {
        sqlx::query(
            "SELECT id, at_ms, actor_id, actor_name, actor_role, actor_unit, action, subject_kind, \
             subject_id, before_state, after_state, detail, chain_day, chain_seq, prev_hash, \
             entry_hash FROM audit_log WHERE chain_day IS NOT NULL ORDER BY chain_day, chain_seq",
        )
        .fetch_all(pool)
        .await
        .unwrap()
        .iter()
        .map(|r| Row16 {
            fields: Fields {
                id: r.get(0),
                at_ms: r.get(1),
                actor_id: r.get(2),
                actor_name: r.get(3),
                actor_role: r.get(4),
                actor_unit: r.get(5),
                action: r.get(6),
                subject_kind: r.get(7),
                subject_id: r.get(8),
                before: r.get(9),
                after: r.get(10),
                detail: r.get(11),
            },
            day: r.get(12),
            seq: r.get(13),
            prev: r.get(14),
            hash: r.get(15),
        })
        .collect()
    })
}

fn insert(site: &Site, e: &Row16) {
    let f = e.fields.clone();
    let (day, seq, prev, hash) = (e.day.clone(), e.seq, e.prev.clone(), e.hash.clone());
    site.query(async |pool| {
        sqlx::query(
            "INSERT INTO audit_log (id, at_ms, actor_id, actor_name, actor_role, actor_unit, \
             action, subject_kind, subject_id, before_state, after_state, detail, chain_day, \
             chain_seq, prev_hash, entry_hash) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
        )
        .bind(f.id)
        .bind(f.at_ms)
        .bind(f.actor_id)
        .bind(f.actor_name)
        .bind(f.actor_role)
        .bind(f.actor_unit)
        .bind(f.action)
        .bind(f.subject_kind)
        .bind(f.subject_id)
        .bind(f.before)
        .bind(f.after)
        .bind(f.detail)
        .bind(day)
        .bind(seq)
        .bind(prev)
        .bind(hash)
        .execute(pool)
        .await
        .unwrap();
    });
}

fn set_name(site: &Site, id: &str, name: &str) {
    drop_trigger(site, "audit_log", "no_update");
    exec(
        site,
        format!("UPDATE audit_log SET actor_name = '{name}' WHERE id = '{id}'"),
    )
    .unwrap();
}

fn audit_verify_names_a_tampered_entry_and_checkpoints_catch_a_rewritten_chain(backend: Backend) {
    let site = Site::start(backend, "audit_tamper", false);
    site.sign("a");
    site.sign("b");
    let out = site.motcua(&["audit", "checkpoint"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let (ok, text) = audit_verify(&site);
    assert!(ok, "{text}");
    let all = entries(&site);
    assert!(all.len() >= 3, "{}", all.len());
    let victim = all
        .iter()
        .find(|e| e.fields.action == "sign_result")
        .unwrap();
    let original_name = victim.fields.actor_name.clone();

    // 1. One field changed in place: named.
    set_name(&site, &victim.fields.id, "Người Khác");
    let (ok, text) = audit_verify(&site);
    assert!(!ok, "{text}");
    assert!(
        text.contains(&format!("entry {}", victim.fields.id)) && text.contains("changed"),
        "{text}"
    );
    // Put back: verifies again (the check is exact, not a heuristic).
    set_name(&site, &victim.fields.id, &original_name);
    let (ok, text) = audit_verify(&site);
    assert!(ok, "{text}");

    // 2. The last entry deleted: the signed checkpoint still names it.
    let last = all.last().unwrap();
    drop_trigger(&site, "audit_log", "no_delete");
    exec(
        &site,
        format!("DELETE FROM audit_log WHERE id = '{}'", last.fields.id),
    )
    .unwrap();
    let (ok, text) = audit_verify(&site);
    assert!(!ok, "{text}");
    assert!(text.contains("deleted"), "{text}");
    insert(&site, last);
    let (ok, text) = audit_verify(&site);
    assert!(ok, "{text}");

    // 3. A middle entry deleted: the entry after the gap is named.
    let middle = &all[all.len() - 2];
    drop_trigger(&site, "audit_log", "no_delete");
    exec(
        &site,
        format!("DELETE FROM audit_log WHERE id = '{}'", middle.fields.id),
    )
    .unwrap();
    let (ok, text) = audit_verify(&site);
    assert!(!ok, "{text}");
    assert!(
        text.contains(&format!("entry {}", last.fields.id)) && text.contains("missing"),
        "{text}"
    );
    insert(&site, middle);

    // 4. The attacker rewrites the chain consistently from the victim on (every hash
    // recomputed, as the code would): the chain alone looks fine, the checkpoint signed
    // with the key outside the database does not.
    drop_trigger(&site, "audit_log", "no_update");
    let mut prev = None;
    for e in entries(&site) {
        let mut f = e.fields.clone();
        if f.id == victim.fields.id {
            f.actor_name = "Người Khác".into();
        } else if prev.is_none() {
            continue;
        }
        let prev_hash = prev.clone().unwrap_or(e.prev.clone());
        let hash = entry_hash(&e.day, e.seq, &prev_hash, &f);
        exec(
            &site,
            format!(
                "UPDATE audit_log SET actor_name = '{}', prev_hash = '{prev_hash}', \
                 entry_hash = '{hash}' WHERE id = '{}'",
                f.actor_name, f.id
            ),
        )
        .unwrap();
        prev = Some(hash);
    }
    let (ok, text) = audit_verify(&site);
    assert!(!ok, "{text}");
    assert!(text.contains("checkpoint #"), "{text}");
    // With another audit key (the attacker's), the checkpoints do not verify either.
    let out = site.motcua(&["audit", "verify", "--public-key", &B64.encode([1u8; 32])]);
    assert_eq!(out.status.code(), Some(1));
    // Refused to checkpoint a broken log.
    let out = site.motcua(&["audit", "checkpoint"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

fn concurrent_appends_do_not_fork_the_chain(backend: Backend) {
    let site = Site::start(backend, "audit_race", false);
    let settings = Settings::from_sources(|key| {
        site.env
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.clone())
    })
    .unwrap();
    let before = site.count("SELECT COUNT(*) FROM audit_log WHERE chain_day IS NOT NULL");
    const WRITERS: usize = 40;
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(4)
        .enable_all()
        .build()
        .unwrap()
        .block_on(async {
            let pool = motcua_server::database::open(&settings).await.unwrap();
            let now = chrono::Utc::now().timestamp_millis();
            let tasks: Vec<_> = (0..WRITERS)
                .map(|i| {
                    let pool = pool.clone();
                    tokio::spawn(async move {
                        let actor = motcua_server::signing::keys::system_actor();
                        let mut tx = pool.begin().await.unwrap();
                        motcua_server::staff::audit::record(
                            &mut tx,
                            &motcua_server::staff::audit::Entry {
                                at_ms: now + i as i64,
                                actor: &actor,
                                action: "race",
                                subject_kind: "test",
                                subject_id: &i.to_string(),
                                before: None,
                                after: None,
                                detail: &serde_json::json!({ "i": i }),
                            },
                        )
                        .await
                        .unwrap();
                        // Hold the transaction a moment, as a real action would.
                        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
                        tx.commit().await.unwrap();
                    })
                })
                .collect();
            for task in tasks {
                task.await.unwrap();
            }
            let seed: [u8; 32] = B64.decode(AUDIT_KEY).unwrap().try_into().unwrap();
            let public = ed25519_dalek::SigningKey::from_bytes(&seed)
                .verifying_key()
                .to_bytes();
            let report = motcua_server::audit::verify::verify(&pool, &[public])
                .await
                .unwrap();
            assert!(report.problems.is_empty(), "{:?}", report.problems);
            assert_eq!(report.entries as i64, before + WRITERS as i64);
            pool.close().await;
        });
    let (ok, text) = audit_verify(&site);
    assert!(ok, "{text}");
}
