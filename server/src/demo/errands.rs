//! Demo errands: for the demo unit manager's two units, a few of each kind — open ones for the
//! coming days (so the demo service-team member sees a real queue), one claimed by them and half
//! ticked, and delivered ones over the last two weeks (so the follow-up shows freed hours).
use app::domain::errand::{ErrandKind, ErrandState, parse_list};
use app::domain::time::local_instant;
use app::error::AppError;
use jiff::civil::{Date, Time};
use sqlx::AnyConnection;

struct Demo {
    kind: ErrandKind,
    /// Days from today (negative: done already).
    day: i64,
    window: (i8, i8),
    pickup: &'static str,
    client: Option<(&'static str, &'static str)>,
    list: &'static str,
    registration: Option<&'static str>,
    notes: &'static str,
}

const ERRANDS: &[Demo] = &[
    Demo {
        kind: ErrandKind::GroceryShopping,
        day: 0,
        window: (10, 14),
        pickup: "Hemtjänstkontoret, inköpslistan i facket",
        client: Some(("K-17", "Björkvägen 3, 2 tr")),
        list: "2 l mjölk\nBröd, grovt\n3 bananer\n1 pkt kaffe\nSmör",
        registration: None,
        notes: "Ring på och vänta, det tar en stund att komma till dörren.",
    },
    Demo {
        kind: ErrandKind::GroceryShopping,
        day: 1,
        window: (9, 12),
        pickup: "Hemtjänstkontoret",
        client: Some(("K-04", "Storgatan 12")),
        list: "Filmjölk\n6 ägg\nLeverpastej\nKnäckebröd",
        registration: None,
        notes: "",
    },
    Demo {
        kind: ErrandKind::PharmacyPickup,
        day: 0,
        window: (13, 16),
        pickup: "Apoteket Hjärtat, Centrum",
        client: Some(("K-22", "Lindallén 8")),
        list: "Receptet på Alvedon\nHandkräm",
        registration: None,
        notes: "Legitimation och fullmakt finns i pärmen på kontoret.",
    },
    Demo {
        kind: ErrandKind::CarService,
        day: 2,
        window: (7, 9),
        pickup: "Hemtjänstens parkering",
        client: None,
        list: "Lämna bilen på Bilverkstan\nHämta ersättningsbil",
        registration: Some("ABC123"),
        notes: "Nyckeln i nyckelskåpet, kod på kontoret.",
    },
    Demo {
        kind: ErrandKind::TyreChange,
        day: 3,
        window: (8, 12),
        pickup: "Hemtjänstens parkering",
        client: None,
        list: "",
        registration: Some("KLM45D"),
        notes: "Vinterdäcken står i förrådet.",
    },
    Demo {
        kind: ErrandKind::RecyclingRun,
        day: 1,
        window: (13, 15),
        pickup: "Hemtjänstkontorets förråd",
        client: None,
        list: "Kartong\nGamla hjälpmedel",
        registration: None,
        notes: "",
    },
    Demo {
        kind: ErrandKind::MovingHelp,
        day: 4,
        window: (9, 15),
        pickup: "Ekbacken, lägenhet 4",
        client: Some(("K-31", "Solgårdens särskilda boende, rum 12")),
        list: "Säng och nattduksbord\nTV\nKläder i fyra kassar",
        registration: None,
        notes: "Anhöriga är på plats från kl. 10.",
    },
    Demo {
        kind: ErrandKind::Other,
        day: 2,
        window: (10, 11),
        pickup: "Hemtjänstkontoret",
        client: None,
        list: "",
        registration: None,
        notes: "Hämta nya larmklockor på Trygghetsjouren.",
    },
];

const DONE: &[(ErrandKind, i64)] = &[
    (ErrandKind::GroceryShopping, -1),
    (ErrandKind::GroceryShopping, -3),
    (ErrandKind::GroceryShopping, -6),
    (ErrandKind::PharmacyPickup, -2),
    (ErrandKind::RecyclingRun, -4),
    (ErrandKind::CarService, -8),
    (ErrandKind::TyreChange, -9),
    (ErrandKind::MovingHelp, -11),
    (ErrandKind::GroceryShopping, -10),
];

fn at(today: Date, days: i64, hour: i8) -> i64 {
    let day = today.checked_add(jiff::Span::new().days(days)).unwrap_or(today);
    local_instant(day, Time::constant(hour, 0, 0, 0)).as_second()
}

#[allow(clippy::too_many_arguments)]
async fn insert(
    conn: &mut AnyConnection,
    unit: i64,
    requested_by: i64,
    d: &Demo,
    today: Date,
    state: ErrandState,
    claimed_by: Option<i64>,
    created_at: i64,
) -> Result<i64, AppError> {
    let day = today.checked_add(jiff::Span::new().days(d.day)).unwrap_or(today);
    let closed = state.is_closed().then(|| at(today, d.day, d.window.1));
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO errands (unit_id, kind, state, due_day, window_start, window_end, due_at, pickup, deliver_to,
                              client_ref, client_address, registration, notes, requested_by, created_at, claimed_by,
                              claimed_at, closed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id",
    )
    .bind(unit)
    .bind(d.kind.code())
    .bind(state.code())
    .bind(day.to_string())
    .bind(i64::from(d.window.0) * 60)
    .bind(i64::from(d.window.1) * 60)
    .bind(at(today, d.day, d.window.1))
    .bind(d.pickup)
    .bind(if d.client.is_some() { "client" } else { "office" })
    .bind(d.client.map(|c| c.0))
    .bind(d.client.map(|c| c.1))
    .bind(d.registration)
    .bind(d.notes)
    .bind(requested_by)
    .bind(created_at)
    .bind(claimed_by)
    .bind(claimed_by.map(|_| created_at + 3600))
    .bind(closed)
    .fetch_one(&mut *conn)
    .await?;
    let items = parse_list(d.list)?;
    let done = state == ErrandState::Delivered;
    for (i, item) in items.iter().enumerate() {
        sqlx::query(
            "INSERT INTO errand_items (errand_id, position, name, quantity, outcome) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(i as i64 + 1)
        .bind(&item.name)
        .bind(&item.quantity)
        .bind(done.then_some("found"))
        .execute(&mut *conn)
        .await?;
    }
    Ok(id)
}

/// `units`: the demo unit manager's units (home care first); `service`: the demo service-team
/// member, who holds one errand already.
pub async fn load(
    conn: &mut AnyConnection,
    units: &[i64],
    manager: i64,
    service: i64,
    others: &[i64],
    today: Date,
    now: i64,
) -> Result<(), AppError> {
    for (n, d) in ERRANDS.iter().enumerate() {
        let unit = units[n % units.len()];
        // The first is the demo member's, started; the rest wait in the queue.
        let (state, claimed) = if n == 0 { (ErrandState::Started, Some(service)) } else { (ErrandState::Open, None) };
        let id = insert(conn, unit, manager, d, today, state, claimed, now - 3600 * (n as i64 + 2)).await?;
        if n == 0 {
            sqlx::query("UPDATE errand_items SET outcome = 'found' WHERE errand_id = $1 AND position <= 2")
                .bind(id)
                .execute(&mut *conn)
                .await?;
        }
    }
    for (n, (kind, day)) in DONE.iter().enumerate() {
        let template = ERRANDS.iter().find(|d| d.kind == *kind).unwrap_or(&ERRANDS[0]);
        let d = Demo { day: *day, ..*template };
        let member = others.get(n % others.len().max(1)).copied().unwrap_or(service);
        insert(
            conn,
            units[n % units.len()],
            manager,
            &d,
            today,
            ErrandState::Delivered,
            Some(member),
            at(today, day - 1, 15),
        )
        .await?;
    }
    Ok(())
}
