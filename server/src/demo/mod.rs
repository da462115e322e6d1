//! The demo municipality: deterministic (same seed, same people), Swedish names and places.
//! Loaded in one transaction together with a `meta` marker, so two instances starting at once
//! load it exactly once.
use app::domain::Password;
use app::domain::parse::luhn_check_digit;
use app::domain::{ProviderKind, Role, UnitKind};
use app::error::AppError;
use app::ssr::{Db, audit, auth::hash_password, search_text};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sqlx::AnyConnection;

mod equipment;
mod errands;
mod pool;
mod reports;
mod schedules;

pub const DEMO_PASSWORD: &str = "skiftet-demo";

/// The named demo logins, all with [`DEMO_PASSWORD`].
pub const DEMO_LOGINS: [(&str, &str); 6] = [
    ("admin@demo.skiftet.se", "administrator"),
    ("samordnare@demo.skiftet.se", "coordinator"),
    ("enhetschef@demo.skiftet.se", "unit manager (one home-care and one residential unit)"),
    ("underskoterska@demo.skiftet.se", "care worker"),
    ("pool@demo.skiftet.se", "pool worker"),
    ("service@demo.skiftet.se", "service team"),
];

const FIRST: [&str; 40] = [
    "Anna", "Eva", "Maria", "Karin", "Sara", "Lena", "Emma", "Kerstin", "Ingrid", "Malin", "Fatima", "Amina", "Elin",
    "Sofia", "Ida", "Hanna", "Linnéa", "Maja", "Aisha", "Marie", "Erik", "Lars", "Anders", "Johan", "Per", "Karl",
    "Mohammed", "Ali", "Ahmed", "Mikael", "Oskar", "Jonas", "Björn", "Nils", "Lejla", "Zeynep", "Tove", "Åsa", "Ebba",
    "Göran",
];
const LAST: [&str; 40] = [
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Pettersson",
    "Jonsson",
    "Jansson",
    "Hansson",
    "Bengtsson",
    "Jönsson",
    "Lindberg",
    "Jakobsson",
    "Magnusson",
    "Olofsson",
    "Lindström",
    "Lindqvist",
    "Lindgren",
    "Berg",
    "Axelsson",
    "Bergström",
    "Lundberg",
    "Lind",
    "Lundgren",
    "Mattsson",
    "Berglund",
    "Fredriksson",
    "Sandberg",
    "Henriksson",
    "Hussein",
    "Ahmadi",
    "Yilmaz",
    "Öberg",
    "Åberg",
    "Ekström",
];
const AREAS: [&str; 10] =
    ["Centrum", "Norrviken", "Söderby", "Edsberg", "Vaxmora", "Tureberg", "Rotebro", "Helenelund", "Viby", "Häggvik"];
const STREETS: [&str; 10] = [
    "Kyrkvägen",
    "Storgatan",
    "Björkvägen",
    "Ringvägen",
    "Skolgatan",
    "Ängsvägen",
    "Sjövägen",
    "Tallstigen",
    "Malmvägen",
    "Hagvägen",
];
const MUNICIPAL: [&str; 3] =
    ["Skiftviks kommun – Hemtjänst", "Skiftviks kommun – Särskilt boende", "Skiftviks kommun – Beredskapsenheten"];
const PRIVATE: [&str; 7] = [
    "Omsorgshuset AB",
    "Trygga Händer Omsorg AB",
    "Linnéa Hemtjänst AB",
    "Solrosens Vård AB",
    "Björkdungen Omsorg AB",
    "Norrgårdens Äldreboende AB",
    "Vårdkompaniet i Skiftvik AB",
];

/// Competence codes with Swedish and English names.
pub const COMPETENCES: [(&str, &str, &str); 5] = [
    ("undersköterska", "Undersköterska", "Assistant nurse"),
    ("vardbitrade", "Vårdbiträde", "Care assistant"),
    ("medication_delegation", "Läkemedelsdelegering", "Medication delegation"),
    ("driving_licence", "Körkort", "Driving licence"),
    ("service_only", "Endast service", "Service only"),
];

fn ascii(s: &str) -> String {
    s.to_lowercase().replace(['å', 'ä'], "a").replace('ö', "o").replace('é', "e")
}

/// Sizes of the demo at `scale` 1; everything is multiplied by the scale.
pub struct DemoSize {
    pub units: usize,
    pub staff_per_unit: usize,
    pub pool_care: usize,
    pub pool_service: usize,
    pub service_team: usize,
}

pub const BASE: DemoSize = DemoSize { units: 30, staff_per_unit: 20, pool_care: 80, pool_service: 40, service_team: 8 };

struct Loader<'c> {
    conn: &'c mut AnyConnection,
    hash: String,
    rng: ChaCha8Rng,
    used_emails: std::collections::HashSet<String>,
    competence: std::collections::HashMap<&'static str, i64>,
    /// When the demo is loaded (the server clock's now): every row's `created_at`.
    now: i64,
}

impl Loader<'_> {
    fn name(&mut self) -> String {
        format!("{} {}", FIRST.choose(&mut self.rng).unwrap(), LAST.choose(&mut self.rng).unwrap())
    }

    async fn person(&mut self, email: Option<&str>, name: &str, percent: i64) -> Result<i64, AppError> {
        let email = match email {
            Some(e) => e.to_string(),
            None => {
                let base = ascii(&name.replace(' ', "."));
                let mut n = 1;
                loop {
                    let e =
                        if n == 1 { format!("{base}@demo.skiftet.se") } else { format!("{base}{n}@demo.skiftet.se") };
                    if !self.used_emails.contains(&e) {
                        break e;
                    }
                    n += 1;
                }
            }
        };
        self.used_emails.insert(email.clone());
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO people (email, name, phone, employment_percent, password_hash, active, created_at, search_text)
             VALUES ($1, $2, $3, $4, $5, 1, $6, $7) RETURNING id",
        )
        .bind(&email)
        .bind(name)
        .bind(format!("070-{:03} {:02} {:02}", self.rng.gen_range(0..1000), self.rng.gen_range(0..100), self.rng.gen_range(0..100)))
        .bind(percent)
        .bind(&self.hash)
        .bind(self.now)
        .bind(search_text(&[name, &email]))
        .fetch_one(&mut *self.conn)
        .await?;
        Ok(id)
    }

    async fn role(&mut self, person: i64, role: Role, unit: Option<i64>) -> Result<(), AppError> {
        sqlx::query("INSERT INTO person_roles (person_id, role, unit_id) VALUES ($1, $2, $3)")
            .bind(person)
            .bind(role)
            .bind(unit)
            .execute(&mut *self.conn)
            .await?;
        Ok(())
    }

    async fn competences(&mut self, person: i64, codes: &[&str]) -> Result<(), AppError> {
        for code in codes {
            sqlx::query("INSERT INTO person_competences (person_id, competence_id) VALUES ($1, $2)")
                .bind(person)
                .bind(self.competence[code])
                .execute(&mut *self.conn)
                .await?;
        }
        Ok(())
    }

    fn care_competences(&mut self, home_care: bool) -> Vec<&'static str> {
        let mut c = vec![if self.rng.gen_bool(0.7) { "undersköterska" } else { "vardbitrade" }];
        if c[0] == "undersköterska" && self.rng.gen_bool(0.6) {
            c.push("medication_delegation");
        }
        if self.rng.gen_bool(if home_care { 0.8 } else { 0.3 }) {
            c.push("driving_licence");
        }
        c
    }

    fn percent(&mut self) -> i64 {
        // Full time as the norm, with the part-time tail that Leksand's article describes.
        *[100, 100, 100, 100, 100, 90, 80, 75, 100, 50].choose(&mut self.rng).unwrap()
    }
}

/// Loads the demo municipality if the database has none yet. Returns whether it loaded.
/// Shifts are generated around the server clock's today (`db.today()`), so a test or a demo run
/// on another day sets the clock, not a date here.
pub async fn load_if_empty(db: &Db, scale: usize) -> Result<bool, AppError> {
    let (today, now) = (db.today(), db.now());
    let scale = scale.max(1);
    let hash = hash_password(&Password::parse(DEMO_PASSWORD)?).await?;
    let mut tx = db.begin_write().await?;
    // The marker row claims the load; a second instance fails on the primary key and backs off.
    let claimed = sqlx::query("INSERT INTO meta (key, value) VALUES ('demo_loaded', $1) ON CONFLICT (key) DO NOTHING")
        .bind(scale.to_string())
        .execute(&mut *tx)
        .await?
        .rows_affected();
    let people: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM people").fetch_one(&mut *tx).await?;
    if claimed == 0 || people > 0 {
        return Ok(false);
    }
    let mut l = Loader {
        conn: &mut tx,
        hash,
        rng: ChaCha8Rng::seed_from_u64(2020),
        used_emails: Default::default(),
        competence: Default::default(),
        now,
    };
    for (code, sv, en) in COMPETENCES {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO competences (code, name_sv, name_en, active) VALUES ($1, $2, $3, 1) RETURNING id",
        )
        .bind(code)
        .bind(sv)
        .bind(en)
        .fetch_one(&mut *l.conn)
        .await?;
        l.competence.insert(code, id);
    }

    // Providers: 3 municipal and 7 private per scale step.
    let mut providers: Vec<i64> = Vec::new();
    for s in 0..scale {
        let suffix = if s == 0 { String::new() } else { format!(" {}", s + 1) };
        for (i, name) in MUNICIPAL.iter().chain(PRIVATE.iter()).enumerate() {
            let municipal = i < MUNICIPAL.len();
            let mut digits: Vec<u32> = vec![if municipal { 2 } else { 5 }, 5, 6];
            digits.extend((0..6).map(|_| l.rng.gen_range(0..10)));
            digits.push(luhn_check_digit(&digits));
            let d: String = digits.iter().map(|d| char::from_digit(*d, 10).unwrap()).collect();
            let org = format!("{}-{}", &d[..6], &d[6..]);
            let full = format!("{name}{suffix}");
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO providers (name, kind, org_number, active, search_text) VALUES ($1, $2, $3, 1, $4) RETURNING id",
            )
            .bind(&full)
            .bind(if municipal { ProviderKind::Municipal } else { ProviderKind::Private })
            .bind(&org)
            .bind(search_text(&[&full, &org]))
            .fetch_one(&mut *l.conn)
            .await?;
            providers.push(id);
        }
    }

    // Units: home care for the municipal home-care provider, residential for the municipal
    // homes, one staffing unit for the preparedness unit, a mix for the private providers.
    let mut units: Vec<(i64, bool)> = Vec::new();
    let mut unit_kinds: Vec<&'static str> = Vec::new();
    for n in 0..BASE.units * scale {
        let provider_id = providers[n % providers.len()];
        let home_care = match n % providers.len() {
            0 => true,
            1 => false,
            2 => false,
            k => k % 2 == 1,
        };
        let kind = if n % providers.len() == 2 {
            UnitKind::Other
        } else if home_care {
            UnitKind::HomeCare
        } else {
            UnitKind::Residential
        };
        let area = AREAS[n % AREAS.len()];
        let name = match kind {
            UnitKind::HomeCare => format!("Hemtjänst {area}"),
            UnitKind::Residential => {
                format!("{}gården", ["Björk", "Lind", "Ek", "Rönn", "Al", "Sol", "Hag", "Sjö"][n % 8])
            }
            UnitKind::Other => format!("Bemanning {area}"),
        };
        let name = if n >= providers.len() { format!("{name} {}", n / providers.len() + 1) } else { name };
        let address = format!("{} {}", STREETS[(n * 7) % STREETS.len()], 1 + (n * 13) % 60);
        let lat = 59.40 + (n as f64 * 0.0071) % 0.12;
        let lon = 17.90 + (n as f64 * 0.0113) % 0.15;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO units (provider_id, name, kind, area, address, latitude, longitude, active, search_text)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8) RETURNING id",
        )
        .bind(provider_id)
        .bind(&name)
        .bind(kind)
        .bind(area)
        .bind(&address)
        .bind(lat)
        .bind(lon)
        .bind(search_text(&[&name, area, &address]))
        .fetch_one(&mut *l.conn)
        .await?;
        units.push((id, kind == UnitKind::HomeCare));
        unit_kinds.push(kind.as_str());
    }

    // The named logins first, so their ids are stable and small.
    let admin = l.person(Some("admin@demo.skiftet.se"), "Agnes Administratör", 100).await?;
    l.role(admin, Role::Admin, None).await?;
    let second_admin_name = l.name();
    let a2 = l.person(None, &second_admin_name, 100).await?;
    l.role(a2, Role::Admin, None).await?;
    let coord = l.person(Some("samordnare@demo.skiftet.se"), "Sam Samordnare", 100).await?;
    l.role(coord, Role::Coordinator, None).await?;
    for _ in 0..2 {
        let n = l.name();
        let c = l.person(None, &n, 100).await?;
        l.role(c, Role::Coordinator, None).await?;
    }
    let (home_unit, _) = units[0];
    let (residential_unit, _) = units[1];
    let manager = l.person(Some("enhetschef@demo.skiftet.se"), "Elsa Enhetschef", 100).await?;
    l.role(manager, Role::UnitManager, Some(home_unit)).await?;
    l.role(manager, Role::UnitManager, Some(residential_unit)).await?;
    let usk = l.person(Some("underskoterska@demo.skiftet.se"), "Ulla Undersköterska", 100).await?;
    l.role(usk, Role::CareWorker, Some(home_unit)).await?;
    l.competences(usk, &["undersköterska", "medication_delegation", "driving_licence"]).await?;
    let pool = l.person(Some("pool@demo.skiftet.se"), "Pelle Poolsson", 100).await?;
    l.role(pool, Role::PoolWorker, None).await?;
    l.competences(pool, &["undersköterska", "driving_licence"]).await?;
    let service = l.person(Some("service@demo.skiftet.se"), "Siv Servicesson", 100).await?;
    l.role(service, Role::ServiceTeam, None).await?;
    l.competences(service, &["service_only", "driving_licence"]).await?;

    let mut staff_of: Vec<Vec<(i64, i64)>> = vec![Vec::new(); units.len()];
    let mut reporting: Vec<reports::ReportingUnit> = Vec::new();
    staff_of[0].push((usk, 100));
    for (i, (unit, home_care)) in units.clone().into_iter().enumerate() {
        let unit_manager = if i >= 2 {
            let n = l.name();
            let m = l.person(None, &n, 100).await?;
            l.role(m, Role::UnitManager, Some(unit)).await?;
            m
        } else {
            manager
        };
        reporting.push(reports::ReportingUnit { id: unit, manager: unit_manager });
        // The demo care worker is one of unit 0's twenty.
        let staff = if i == 0 { BASE.staff_per_unit - 1 } else { BASE.staff_per_unit };
        for _ in 0..staff {
            let n = l.name();
            let p = l.percent();
            let id = l.person(None, &n, p).await?;
            l.role(id, Role::CareWorker, Some(unit)).await?;
            let comps = l.care_competences(home_care);
            l.competences(id, &comps).await?;
            staff_of[i].push((id, p));
        }
    }
    for _ in 0..(BASE.pool_care * scale - 1) {
        let n = l.name();
        let id = l.person(None, &n, 100).await?;
        l.role(id, Role::PoolWorker, None).await?;
        let comps = l.care_competences(true);
        l.competences(id, &comps).await?;
    }
    for _ in 0..BASE.pool_service * scale {
        let n = l.name();
        let id = l.person(None, &n, 100).await?;
        l.role(id, Role::PoolWorker, None).await?;
        l.competences(id, &["service_only"]).await?;
    }
    let mut service_team = Vec::new();
    for _ in 0..(BASE.service_team * scale - 1) {
        let n = l.name();
        let id = l.person(None, &n, 100).await?;
        l.role(id, Role::ServiceTeam, None).await?;
        service_team.push(id);
        l.competences(id, &["service_only", "driving_licence"]).await?;
    }
    // Hourly pool staff are capped at 165 h per calendar month (the agreement's example).
    sqlx::query(
        "UPDATE people SET max_month_minutes = 9900 WHERE id IN (SELECT person_id FROM person_roles WHERE role = $1)",
    )
    .bind(Role::PoolWorker)
    .execute(&mut *l.conn)
    .await?;
    let usk_competence = l.competence["undersköterska"];
    for (i, (unit, _)) in units.iter().enumerate() {
        schedules::unit(&mut *l.conn, *unit, unit_kinds[i], &staff_of[i], usk_competence, today, now).await?;
    }
    schedules::pool_shifts(&mut *l.conn, pool, units[0].0, units[3].0, today, now).await?;
    reports::history(&mut *l.conn, &reporting, usk_competence, today, now).await?;
    let unit_ids: Vec<i64> = units.iter().map(|(id, _)| *id).collect();
    pool::load(&mut *l.conn, pool, &unit_ids, today, now).await?;
    errands::load(&mut *l.conn, &[home_unit, residential_unit], manager, service, &service_team, today, now).await?;
    equipment::load(&mut *l.conn, &unit_ids, coord, manager, today, now).await?;
    audit::record(
        &mut tx,
        db.now(),
        None,
        audit::Action::LoadDemo,
        audit::Entity::Municipality,
        None,
        audit::Changes::default().created("scale", scale as i64),
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}
