//! Demo protective equipment: a catalogue of ten materials, the units' counts in their daily
//! reports over the last 14 days (each unit using at its own pace; the two outbreak units much
//! faster, and the demo manager's home-care unit short of FFP2 respirators), a central stock
//! built from a supplier's delivery, the region's allocation, a count and an adjustment, and one
//! distribution a week ago that the units received. So the coordinator's first proposal has
//! something to decide: several units red or yellow, not enough FFP2 for all.
use app::error::AppError;
use jiff::civil::Date;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sqlx::AnyConnection;
use std::collections::BTreeMap;

/// Name, unit of issue, pack size, a unit's usual use per day, central stock delivered.
const MATERIALS: &[(&str, &str, i64, f64, i64)] = &[
    ("Andningsskydd FFP2", "st", 20, 6.0, 400),
    ("Andningsskydd FFP3", "st", 20, 1.0, 200),
    ("Munskydd typ IIR", "st", 50, 20.0, 3000),
    ("Visir", "st", 10, 1.0, 150),
    ("Handskar nitril S", "st", 100, 40.0, 6000),
    ("Handskar nitril M", "st", 100, 80.0, 9000),
    ("Handskar nitril L", "st", 100, 50.0, 6000),
    ("Förkläde, plast", "st", 100, 30.0, 4000),
    ("Skyddsrock, långärmad", "st", 10, 4.0, 300),
    ("Handsprit 500 ml", "flaska", 12, 1.0, 150),
];

const DAYS: i64 = 14;

/// `units`: every unit's id, in the demo's order (0: the demo manager's home care; 3 and 5: the
/// outbreak units). `coordinator`: who recorded the central stock's movements; `manager`: the
/// demo unit manager, who asked for visors.
pub async fn load(
    conn: &mut AnyConnection,
    units: &[i64],
    coordinator: i64,
    manager: i64,
    today: Date,
    now: i64,
) -> Result<(), AppError> {
    let mut rng = ChaCha8Rng::seed_from_u64(2020);
    let mut ids = Vec::new();
    for (name, unit, pack, _, _) in MATERIALS {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO materials (name, unit_of_issue, pack_size, active) VALUES ($1, $2, $3, 1) RETURNING id",
        )
        .bind(name)
        .bind(unit)
        .bind(pack)
        .fetch_one(&mut *conn)
        .await?;
        ids.push(id);
    }
    let day_start = |back: i64| {
        let date = today.checked_sub(jiff::Span::new().days(back)).unwrap_or(today);
        app::domain::time::local_midnight(date).as_second()
    };
    // The central stock: delivered a fortnight ago and a week ago, counted three days ago.
    for (i, (_, _, pack, _, delivered)) in MATERIALS.iter().enumerate() {
        let movements: [(i64, &str, Option<&str>, i64, &str); 2] = [
            (13, "delivery", Some("supplier"), delivered * 2 / 3 / pack * pack, "Order 2026-114"),
            (6, "delivery", Some("county_allocation"), delivered / 3 / pack * pack, "Regionens tilldelning v. 3"),
        ];
        for (back, kind, source, quantity, reason) in movements {
            movement(conn, ids[i], day_start(back) + 10 * 3600, kind, source, quantity, reason, None, coordinator)
                .await?;
        }
    }
    // Gloves M: a damaged carton found at the count.
    movement(conn, ids[5], day_start(3) + 9 * 3600, "adjustment", None, -100, "Trasig kartong", None, coordinator)
        .await?;

    // A week ago: a distribution of masks and gloves to the first half of the units (ten at
    // most, which the deliveries cover at any scale), received the next day.
    let distribution: i64 = sqlx::query_scalar(
        "INSERT INTO distributions (approved_at, approved_by, delivery_day) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(day_start(8) + 14 * 3600)
    .bind(coordinator)
    .bind(today.checked_sub(jiff::Span::new().days(7)).unwrap_or(today).to_string())
    .fetch_one(&mut *conn)
    .await?;
    let received_at = day_start(7) + 11 * 3600;
    let mut arrived: BTreeMap<(usize, usize), i64> = BTreeMap::new();
    for (n, unit) in units.iter().enumerate().take(units.len().div_ceil(2).min(10)) {
        let shipment: i64 = sqlx::query_scalar(
            "INSERT INTO shipments (distribution_id, unit_id, received_at, received_by) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(distribution)
        .bind(unit)
        .bind(received_at)
        .bind(coordinator)
        .fetch_one(&mut *conn)
        .await?;
        for m in [2usize, 5] {
            let quantity = MATERIALS[m].2 * 2;
            sqlx::query(
                "INSERT INTO shipment_lines (shipment_id, material_id, quantity, received, reasons) VALUES ($1, $2, $3, $3, '{}')",
            )
            .bind(shipment)
            .bind(ids[m])
            .bind(quantity)
            .execute(&mut *conn)
            .await?;
            movement(
                conn,
                ids[m],
                day_start(8) + 14 * 3600,
                "shipment",
                None,
                -quantity,
                "",
                Some(shipment),
                coordinator,
            )
            .await?;
            arrived.insert((n, m), quantity);
        }
    }

    // The units' counts, with the newest version of each day's report.
    let reports: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT r.id, r.unit_id, r.filed_at FROM daily_reports r
         WHERE r.filed_at >= $1
           AND r.version = (SELECT MAX(v.version) FROM daily_reports v WHERE v.unit_id = r.unit_id AND v.report_date = r.report_date)
         ORDER BY r.filed_at",
    )
    .bind(day_start(DAYS))
    .fetch_all(&mut *conn)
    .await?;
    for (n, unit) in units.iter().enumerate() {
        let crisis = n == 3 || n == 5;
        let pace = 0.6 + f64::from((n % 5) as u8) * 0.2;
        let mut stock: Vec<f64> = MATERIALS
            .iter()
            .enumerate()
            .map(|(m, (_, _, _, per_day, _))| {
                // Three to four and a half weeks' worth a fortnight ago, so most units have one to
                // two weeks left today; the outbreak units burn through their respirators and
                // gowns three times as fast, and the demo manager's home care started short of FFP2.
                let days = if n == 0 && m == 0 { 9.0 } else { rng.gen_range(19.0..32.0) };
                (per_day * pace * days).round()
            })
            .collect();
        let mut last_at = day_start(DAYS);
        for (report, _, filed_at) in reports.iter().filter(|r| r.1 == *unit) {
            let days = (filed_at - last_at) as f64 / 86_400.0;
            let arrived_now = last_at < received_at && received_at <= *filed_at;
            last_at = *filed_at;
            for (m, (_, _, _, per_day, _)) in MATERIALS.iter().enumerate() {
                let outbreak_factor = if crisis && (m <= 1 || m == 8) { 3.0 } else { 1.0 };
                let used = (per_day * pace * outbreak_factor * days * rng.gen_range(0.8..1.2)).round();
                if arrived_now {
                    stock[m] += arrived.get(&(n, m)).copied().unwrap_or(0) as f64;
                }
                stock[m] = (stock[m] - used).max(0.0);
                // Every fourth unit also says what it used; the others leave it to the counts.
                let said = (n % 4 == 1).then_some(used as i64);
                sqlx::query(
                    "INSERT INTO daily_report_stock (report_id, material_id, on_hand, used) VALUES ($1, $2, $3, $4)",
                )
                .bind(report)
                .bind(ids[m])
                .bind(stock[m] as i64)
                .bind(said)
                .execute(&mut *conn)
                .await?;
            }
        }
    }
    // One open request: the demo manager's home care asks for visors.
    if let Some(first) = units.first() {
        sqlx::query(
            "INSERT INTO equipment_requests (unit_id, material_id, quantity, note, requested_by, requested_at)
                 VALUES ($1, $2, 20, 'Nya brukare med misstänkt smitta', $3, $4)",
        )
        .bind(first)
        .bind(ids[3])
        .bind(manager)
        .bind(now - 3 * 3600)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn movement(
    conn: &mut AnyConnection,
    material: i64,
    at: i64,
    kind: &str,
    source: Option<&str>,
    quantity: i64,
    reason: &str,
    shipment: Option<i64>,
    person: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO stock_movements (material_id, at, kind, source, quantity, reason, shipment_id, person_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(material)
    .bind(at)
    .bind(kind)
    .bind(source)
    .bind(quantity)
    .bind(reason)
    .bind(shipment)
    .bind(person)
    .execute(conn)
    .await?;
    Ok(())
}
