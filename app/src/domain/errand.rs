//! Service-team errands (seeds/001): redeployed staff take errands from home-care units — car
//! service and tyres, moving help, recycling runs, shopping for clients — so that care staff can
//! care. Pure: the kinds, the states and which step each state allows, the shopping list as one
//! item per line, the registration number, and the care-staff time the done errands freed.
//!
//! # States
//! `open` → `claimed` (one service-team member; the first claim wins) → `started` (the first
//! tick, purchase or an explicit start) → `delivered` or `not_completed` (with a reason). The unit
//! cancels an open errand at will and a claimed or started one only with a reason, because the
//! member may already be on the way; a closed errand (delivered, not completed, cancelled) takes
//! no further steps.
//!
//! Every step is a *setting*, never a toggle or an increment: claiming what I hold, ticking an
//! item to the outcome it has, delivering what is delivered all answer "done" and change nothing.
//! A phone that sends its offline queue twice, or a retry after a lost answer, therefore cannot
//! do anything twice; the server also keeps each write's idempotency key, so a replay is not
//! even recorded twice in the audit trail.
use serde::{Deserialize, Serialize};

use crate::error::{AppError, ConflictCode, InvalidCode};

use super::parse::is_plain_line;

/// What the unit needs done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrandKind {
    CarService,
    TyreChange,
    MovingHelp,
    RecyclingRun,
    GroceryShopping,
    PharmacyPickup,
    Other,
}

impl ErrandKind {
    pub const ALL: [ErrandKind; 7] = [
        ErrandKind::GroceryShopping,
        ErrandKind::PharmacyPickup,
        ErrandKind::CarService,
        ErrandKind::TyreChange,
        ErrandKind::MovingHelp,
        ErrandKind::RecyclingRun,
        ErrandKind::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ErrandKind::CarService => "car_service",
            ErrandKind::TyreChange => "tyre_change",
            ErrandKind::MovingHelp => "moving_help",
            ErrandKind::RecyclingRun => "recycling_run",
            ErrandKind::GroceryShopping => "grocery_shopping",
            ErrandKind::PharmacyPickup => "pharmacy_pickup",
            ErrandKind::Other => "other",
        }
    }

    /// A car errand names the car by its registration number.
    pub fn is_car(self) -> bool {
        matches!(self, ErrandKind::CarService | ErrandKind::TyreChange)
    }

    /// Errands for a client: their delivery address and list are personal data.
    pub fn is_for_client(self) -> bool {
        matches!(self, ErrandKind::GroceryShopping | ErrandKind::PharmacyPickup | ErrandKind::MovingHelp)
    }

    /// Care-staff minutes one done errand of this kind frees, unless the municipality set its own
    /// figure (`errand_kind_minutes`). From the article's examples: a shopping round with the
    /// list fetched and the bags carried in takes a care worker about an hour, a car to the
    /// garage and back about two.
    pub fn default_minutes_freed(self) -> i64 {
        match self {
            ErrandKind::CarService => 120,
            ErrandKind::TyreChange => 90,
            ErrandKind::MovingHelp => 240,
            ErrandKind::RecyclingRun => 90,
            ErrandKind::GroceryShopping => 60,
            ErrandKind::PharmacyPickup => 45,
            ErrandKind::Other => 60,
        }
    }
}

impl std::str::FromStr for ErrandKind {
    type Err = ();
    fn from_str(code: &str) -> Result<Self, ()> {
        ErrandKind::ALL.into_iter().find(|k| k.code() == code).ok_or(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrandState {
    Open,
    Claimed,
    Started,
    Delivered,
    NotCompleted,
    Cancelled,
}

impl ErrandState {
    pub const ALL: [ErrandState; 6] = [
        ErrandState::Open,
        ErrandState::Claimed,
        ErrandState::Started,
        ErrandState::Delivered,
        ErrandState::NotCompleted,
        ErrandState::Cancelled,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ErrandState::Open => "open",
            ErrandState::Claimed => "claimed",
            ErrandState::Started => "started",
            ErrandState::Delivered => "delivered",
            ErrandState::NotCompleted => "not_completed",
            ErrandState::Cancelled => "cancelled",
        }
    }

    pub fn is_closed(self) -> bool {
        matches!(self, ErrandState::Delivered | ErrandState::NotCompleted | ErrandState::Cancelled)
    }

    /// Claimed or started: someone is on it.
    pub fn is_held(self) -> bool {
        matches!(self, ErrandState::Claimed | ErrandState::Started)
    }
}

impl std::str::FromStr for ErrandState {
    type Err = ();
    fn from_str(code: &str) -> Result<Self, ()> {
        ErrandState::ALL.into_iter().find(|s| s.code() == code).ok_or(())
    }
}

/// How a list item went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemOutcome {
    Found,
    Replaced,
    NotFound,
}

impl ItemOutcome {
    pub const ALL: [ItemOutcome; 3] = [ItemOutcome::Found, ItemOutcome::Replaced, ItemOutcome::NotFound];

    pub fn code(self) -> &'static str {
        match self {
            ItemOutcome::Found => "found",
            ItemOutcome::Replaced => "replaced",
            ItemOutcome::NotFound => "not_found",
        }
    }
}

impl std::str::FromStr for ItemOutcome {
    type Err = ();
    fn from_str(code: &str) -> Result<Self, ()> {
        ItemOutcome::ALL.into_iter().find(|s| s.code() == code).ok_or(())
    }
}

/// What someone asks to do with an errand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Claim,
    Start,
    /// Tick an item or record a purchase: work on the errand, which starts it.
    Work,
    Deliver,
    CannotComplete,
    /// The requesting unit withdraws it; `with_reason` when one was given.
    Cancel {
        with_reason: bool,
    },
}

/// Who asks, as the errand sees them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// The service-team member who holds it (or, for a claim, any member).
    Holder,
    /// A service-team member who does not hold it.
    Other,
    /// The requesting unit (its manager or one of its care workers).
    Unit,
}

/// The state after `step`, or why it is refused. Repeating a step that is already done answers
/// the same state (see the module documentation).
pub fn next(state: ErrandState, step: Step, actor: Actor) -> Result<ErrandState, AppError> {
    use ErrandState::*;
    let conflict = |code| Err(AppError::Conflict(code));
    match (step, actor) {
        (Step::Cancel { with_reason }, Actor::Unit) => match state {
            Open => Ok(Cancelled),
            Claimed | Started if with_reason => Ok(Cancelled),
            Claimed | Started => Err(AppError::invalid("reason", InvalidCode::Required)),
            Cancelled => Ok(Cancelled),
            Delivered | NotCompleted => conflict(ConflictCode::ErrandClosed),
        },
        (Step::Cancel { .. }, _) | (_, Actor::Unit) => Err(AppError::Forbidden),
        (_, _) if state == Cancelled => conflict(ConflictCode::ErrandCancelled),
        (Step::Claim, Actor::Other) if state.is_held() => conflict(ConflictCode::ErrandTaken),
        (Step::Claim, _) if state == Open => Ok(Claimed),
        (Step::Claim, Actor::Holder) if state.is_held() => Ok(state),
        (_, _) if state == Open => conflict(ConflictCode::ErrandNotClaimed),
        (_, Actor::Other) => conflict(ConflictCode::ErrandTaken),
        (Step::Deliver, Actor::Holder) if state == Delivered => Ok(Delivered),
        (Step::CannotComplete, Actor::Holder) if state == NotCompleted => Ok(NotCompleted),
        (_, Actor::Holder) if state.is_closed() => conflict(ConflictCode::ErrandClosed),
        (Step::Claim, Actor::Holder) => Ok(state),
        (Step::Start | Step::Work, Actor::Holder) => Ok(Started),
        (Step::Deliver, Actor::Holder) => Ok(Delivered),
        (Step::CannotComplete, Actor::Holder) => Ok(NotCompleted),
    }
}

/// One line of a shopping list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListItem {
    /// "mjölk, laktosfri"
    pub name: String,
    /// "2 l", "3", "1 pkt" — as the unit wrote it; none when the line gave no number.
    pub quantity: Option<String>,
}

pub const MAX_LIST_ITEMS: usize = 60;
pub const MAX_ITEM_CHARS: usize = 100;

/// Units people write after a number on a shopping list ("2 l mjölk", "1 pkt kaffe").
const QUANTITY_UNITS: [&str; 14] =
    ["st", "l", "dl", "cl", "kg", "hg", "g", "pkt", "paket", "fp", "förp", "burk", "burkar", "flaskor"];

/// The unit's list, one item per line, a leading number (with an optional unit) taken as the
/// quantity: "2 l mjölk" is two litres of milk, "Bröd" one loaf as it comes. Empty lines are
/// skipped; a list longer than [`MAX_LIST_ITEMS`] or a line longer than [`MAX_ITEM_CHARS`] is
/// refused, so nothing the unit wrote is cut off silently.
pub fn parse_list(raw: &str) -> Result<Vec<ListItem>, AppError> {
    let mut items = Vec::new();
    for line in raw.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if line.chars().count() > MAX_ITEM_CHARS {
            return Err(AppError::invalid("list", InvalidCode::TooLong));
        }
        if !is_plain_line(line) {
            return Err(AppError::invalid("list", InvalidCode::ForbiddenCharacters));
        }
        items.push(parse_item(line));
    }
    if items.len() > MAX_LIST_ITEMS {
        return Err(AppError::invalid("list", InvalidCode::TooMany { max: MAX_LIST_ITEMS as i64 }));
    }
    Ok(items)
}

fn parse_item(line: &str) -> ListItem {
    let mut words = line.split_whitespace();
    let first = words.next().unwrap_or_default();
    let number = first.trim_end_matches(['x', 'X']);
    let is_number = !number.is_empty() && number.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.');
    if !is_number {
        return ListItem { name: line.to_string(), quantity: None };
    }
    let rest: Vec<&str> = words.collect();
    let (quantity, name) = match rest.split_first() {
        Some((unit, name)) if QUANTITY_UNITS.contains(&unit.to_lowercase().as_str()) && !name.is_empty() => {
            (format!("{number} {unit}"), name.join(" "))
        }
        Some(_) => (number.to_string(), rest.join(" ")),
        // A bare number is an item of its own ("1177" on a note), not a quantity of nothing.
        None => return ListItem { name: line.to_string(), quantity: None },
    };
    ListItem { name, quantity: Some(quantity) }
}

/// A Swedish registration number: three letters and three characters, the last a digit or (since
/// 2019) a letter — "ABC 123", "abc12d" — stored as "ABC123".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegNumber(String);

impl RegNumber {
    pub fn parse(raw: &str) -> Result<Self, AppError> {
        let value: String = raw.chars().filter(|c| !c.is_whitespace() && *c != '-').collect::<String>().to_uppercase();
        let chars: Vec<char> = value.chars().collect();
        let ok = chars.len() == 6
            && chars[..3].iter().all(|c| c.is_ascii_uppercase() && !matches!(c, 'I' | 'Q' | 'V'))
            && chars[3..5].iter().all(char::is_ascii_digit)
            && (chars[5].is_ascii_digit()
                || (chars[5].is_ascii_uppercase() && !matches!(chars[5], 'I' | 'O' | 'Q' | 'V')));
        if value.is_empty() {
            return Err(AppError::invalid("registration", InvalidCode::Required));
        }
        if !ok {
            return Err(AppError::invalid("registration", InvalidCode::Registration));
        }
        Ok(RegNumber(value))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An amount in öre from what a person types: "249", "249,50", "249.5 kr".
pub fn parse_amount(raw: &str) -> Result<i64, AppError> {
    let value = raw.trim().trim_end_matches("kr").trim_end_matches(':').trim().replace([' ', '\u{a0}'], "");
    if value.is_empty() {
        return Err(AppError::invalid("amount", InvalidCode::Required));
    }
    let (kronor, ore) = match value.split_once([',', '.']) {
        Some((k, o)) => (k, o),
        None => (value.as_str(), ""),
    };
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if !digits(kronor) || !(ore.is_empty() || (digits(ore) && ore.len() <= 2)) || kronor.len() > 6 {
        return Err(AppError::invalid("amount", InvalidCode::Amount));
    }
    let kronor: i64 = kronor.parse().map_err(|_| AppError::invalid("amount", InvalidCode::Amount))?;
    let ore: i64 = if ore.is_empty() { 0 } else { format!("{ore:0<2}").parse().unwrap_or(0) };
    Ok(kronor * 100 + ore)
}

/// "249,50 kr" from öre.
pub fn format_amount(ore: i64) -> String {
    format!("{},{:02} kr", ore / 100, ore % 100)
}

/// The most care-staff time one errand may be counted as freeing: a whole working day. More is a
/// typing slip (minutes taken for hours), not an estimate.
pub const MAX_MINUTES_FREED: i64 = 8 * 60;

/// The care-staff minutes a set of errands freed: only delivered errands count, each by its
/// kind's minutes (`minutes_of`, the municipality's figure or the default).
pub fn minutes_freed(
    errands: impl IntoIterator<Item = (ErrandKind, ErrandState)>,
    minutes_of: impl Fn(ErrandKind) -> i64,
) -> i64 {
    errands.into_iter().filter(|(_, s)| *s == ErrandState::Delivered).map(|(k, _)| minutes_of(k)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ErrandState::*;

    fn conflict(r: Result<ErrandState, AppError>) -> Option<ConflictCode> {
        match r {
            Err(AppError::Conflict(c)) => Some(c),
            _ => None,
        }
    }

    #[test]
    fn the_first_claim_wins_and_a_repeated_claim_is_the_same_claim() {
        assert_eq!(next(Open, Step::Claim, Actor::Other), Ok(Claimed));
        assert_eq!(conflict(next(Claimed, Step::Claim, Actor::Other)), Some(ConflictCode::ErrandTaken));
        assert_eq!(next(Claimed, Step::Claim, Actor::Holder), Ok(Claimed));
        assert_eq!(next(Started, Step::Claim, Actor::Holder), Ok(Started));
    }

    #[test]
    fn nothing_is_ticked_on_an_unclaimed_errand_and_nothing_done_on_a_cancelled_one() {
        for step in [Step::Start, Step::Work, Step::Deliver, Step::CannotComplete] {
            assert_eq!(conflict(next(Open, step, Actor::Holder)), Some(ConflictCode::ErrandNotClaimed));
            assert_eq!(conflict(next(Cancelled, step, Actor::Holder)), Some(ConflictCode::ErrandCancelled));
            assert_eq!(conflict(next(Claimed, step, Actor::Other)), Some(ConflictCode::ErrandTaken));
        }
        assert_eq!(conflict(next(Cancelled, Step::Claim, Actor::Other)), Some(ConflictCode::ErrandCancelled));
    }

    #[test]
    fn work_starts_an_errand_and_closing_it_is_final_but_repeatable() {
        assert_eq!(next(Claimed, Step::Work, Actor::Holder), Ok(Started));
        assert_eq!(next(Started, Step::Deliver, Actor::Holder), Ok(Delivered));
        assert_eq!(next(Claimed, Step::Deliver, Actor::Holder), Ok(Delivered));
        assert_eq!(next(Delivered, Step::Deliver, Actor::Holder), Ok(Delivered));
        assert_eq!(conflict(next(Delivered, Step::Work, Actor::Holder)), Some(ConflictCode::ErrandClosed));
        assert_eq!(conflict(next(Delivered, Step::CannotComplete, Actor::Holder)), Some(ConflictCode::ErrandClosed));
        assert_eq!(next(NotCompleted, Step::CannotComplete, Actor::Holder), Ok(NotCompleted));
        assert_eq!(conflict(next(NotCompleted, Step::Deliver, Actor::Holder)), Some(ConflictCode::ErrandClosed));
    }

    #[test]
    fn the_unit_cancels_an_open_errand_at_will_and_a_taken_one_only_with_a_reason() {
        assert_eq!(next(Open, Step::Cancel { with_reason: false }, Actor::Unit), Ok(Cancelled));
        assert_eq!(
            next(Claimed, Step::Cancel { with_reason: false }, Actor::Unit),
            Err(AppError::invalid("reason", InvalidCode::Required))
        );
        assert_eq!(next(Started, Step::Cancel { with_reason: true }, Actor::Unit), Ok(Cancelled));
        assert_eq!(
            conflict(next(Delivered, Step::Cancel { with_reason: true }, Actor::Unit)),
            Some(ConflictCode::ErrandClosed)
        );
        assert_eq!(next(Open, Step::Cancel { with_reason: false }, Actor::Holder), Err(AppError::Forbidden));
        assert_eq!(next(Open, Step::Claim, Actor::Unit), Err(AppError::Forbidden));
    }

    #[test]
    fn a_shopping_list_is_one_item_per_line_with_an_optional_quantity_first() {
        let items = parse_list("2 l mjölk\n\n  Bröd \n3 bananer\n1 pkt kaffe, mellanrost\n2x tvål\n1177").unwrap();
        let got: Vec<(&str, Option<&str>)> = items.iter().map(|i| (i.name.as_str(), i.quantity.as_deref())).collect();
        assert_eq!(
            got,
            [
                ("mjölk", Some("2 l")),
                ("Bröd", None),
                ("bananer", Some("3")),
                ("kaffe, mellanrost", Some("1 pkt")),
                ("tvål", Some("2")),
                ("1177", None),
            ]
        );
        assert_eq!(parse_list(&"x\n".repeat(61)), Err(AppError::invalid("list", InvalidCode::TooMany { max: 60 })));
        assert_eq!(parse_list(&"y".repeat(101)), Err(AppError::invalid("list", InvalidCode::TooLong)));
        assert_eq!(parse_list("=cmd()"), Err(AppError::invalid("list", InvalidCode::ForbiddenCharacters)));
        assert_eq!(parse_list("  \n "), Ok(vec![]));
    }

    #[test]
    fn registration_numbers_are_read_as_people_write_them() {
        assert_eq!(RegNumber::parse("abc 123").unwrap().as_str(), "ABC123");
        assert_eq!(RegNumber::parse("ABC-12D").unwrap().as_str(), "ABC12D");
        for bad in ["AB123", "ABC1234", "ABQ123", "ABC12O", "123ABC"] {
            assert_eq!(
                RegNumber::parse(bad),
                Err(AppError::invalid("registration", InvalidCode::Registration)),
                "{bad}"
            );
        }
        assert_eq!(RegNumber::parse("  "), Err(AppError::invalid("registration", InvalidCode::Required)));
    }

    #[test]
    fn amounts_are_read_in_kronor_and_kept_in_ore() {
        assert_eq!(parse_amount("249"), Ok(24_900));
        assert_eq!(parse_amount("249,5"), Ok(24_950));
        assert_eq!(parse_amount("1 249.05 kr"), Ok(124_905));
        for bad in ["-3", "12,345", "abc", "1e3"] {
            assert_eq!(parse_amount(bad), Err(AppError::invalid("amount", InvalidCode::Amount)), "{bad}");
        }
        assert_eq!(format_amount(24_950), "249,50 kr");
    }

    #[test]
    fn only_delivered_errands_free_care_staff_time() {
        let errands = [
            (ErrandKind::GroceryShopping, Delivered),
            (ErrandKind::GroceryShopping, Cancelled),
            (ErrandKind::CarService, Delivered),
            (ErrandKind::TyreChange, Started),
        ];
        assert_eq!(minutes_freed(errands, ErrandKind::default_minutes_freed), 180);
        assert_eq!(minutes_freed(errands, |_| 30), 60);
    }

    #[test]
    fn every_code_reads_back() {
        for k in ErrandKind::ALL {
            assert_eq!(k.code().parse(), Ok(k));
        }
        for s in ErrandState::ALL {
            assert_eq!(s.code().parse(), Ok(s));
        }
        for o in ItemOutcome::ALL {
            assert_eq!(o.code().parse(), Ok(o));
        }
    }
}
