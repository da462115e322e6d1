//! Newtypes that parse user input once, at the edge; code that holds one knows it is valid.
//! The same parsers run in the browser (instant feedback) and on the server (the real check).
use crate::error::{AppError, InvalidCode};
use serde::{Deserialize, Serialize};

fn trimmed(field: &str, raw: &str, max: usize) -> Result<String, AppError> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(AppError::invalid(field, InvalidCode::Required));
    }
    if value.chars().count() > max {
        return Err(AppError::invalid(field, InvalidCode::TooLong));
    }
    if !is_plain_line(value) {
        return Err(AppError::invalid(field, InvalidCode::ForbiddenCharacters));
    }
    Ok(value.to_string())
}

/// One line of ordinary text: no control characters (a `\r` in a shift name would start a new
/// line in every staff calendar that shows it) and no leading `=`, `+` or `@`, which a
/// spreadsheet opening an export would run as a formula.
pub fn is_plain_line(value: &str) -> bool {
    !value.chars().any(char::is_control) && !value.starts_with(['=', '+', '@'])
}

/// A list a person picks from: at most `max` entries, no entry twice.
pub fn distinct_at_most<T: PartialEq>(field: &str, items: &[T], max: usize) -> Result<(), AppError> {
    // Length first: the repeat check is quadratic, and a hostile list can be long.
    if items.len() > max || items.iter().enumerate().any(|(i, a)| items[..i].contains(a)) {
        return Err(AppError::invalid(field, InvalidCode::TooMany { max: max as i64 }));
    }
    Ok(())
}

/// Free text of a few lines (a report's note), possibly empty: line breaks allowed, other
/// control characters and a leading `=`, `+` or `@` (a formula in an exported spreadsheet) not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteText(String);

impl NoteText {
    pub fn parse(field: &str, raw: &str, max: usize) -> Result<Self, AppError> {
        let value = raw.trim().replace("\r\n", "\n");
        if value.chars().count() > max {
            return Err(AppError::invalid(field, InvalidCode::TooLong));
        }
        if value.lines().any(|line| !is_plain_line(line.trim_start())) {
            return Err(AppError::invalid(field, InvalidCode::ForbiddenCharacters));
        }
        Ok(NoteText(value))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Non-empty text of bounded length (names of units, areas, addresses).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequiredText(String);

impl RequiredText {
    pub fn parse(field: &str, raw: &str, max: usize) -> Result<Self, AppError> {
        trimmed(field, raw, max).map(RequiredText)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(raw: &str) -> Result<Self, AppError> {
        trimmed("name", raw, 120).map(PersonName)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An e-mail address, lower-cased so that logins are case-insensitive.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, AppError> {
        let value = trimmed("email", raw, 254)?.to_lowercase();
        // Deliberately simple: one '@', something on each side, a dot in the domain, no spaces.
        // The invitation e-mail is the real proof that an address works.
        let valid = match value.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !value.chars().any(char::is_whitespace)
            }
            None => false,
        };
        if valid { Ok(Email(value)) } else { Err(AppError::invalid("email", InvalidCode::Email)) }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password. Length is what matters (NIST 800-63B); no composition rules.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    pub const MIN_CHARS: usize = 10;
    pub fn parse(raw: &str) -> Result<Self, AppError> {
        let n = raw.chars().count();
        if n < Self::MIN_CHARS {
            return Err(AppError::invalid("password", InvalidCode::PasswordTooShort));
        }
        if n > 200 {
            return Err(AppError::invalid("password", InvalidCode::TooLong));
        }
        Ok(Password(raw.to_string()))
    }
    /// A new password, typed twice: `repeat` must be the same.
    pub fn parse_repeated(raw: &str, repeat: &str) -> Result<Self, AppError> {
        let password = Password::parse(raw)?;
        if password.expose() != repeat {
            return Err(AppError::invalid("password_repeat", InvalidCode::PasswordMismatch));
        }
        Ok(password)
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

/// A Swedish organisation number (organisationsnummer), stored as NNNNNN-NNNN.
/// The last digit is a Luhn check digit over the other nine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgNumber(String);

impl OrgNumber {
    pub fn parse(raw: &str) -> Result<Self, AppError> {
        let digits: Vec<u32> = raw.chars().filter(|c| c.is_ascii_digit()).filter_map(|c| c.to_digit(10)).collect();
        let only_digits_and_dash = raw.trim().chars().all(|c| c.is_ascii_digit() || c == '-' || c == ' ');
        if digits.len() != 10 || !only_digits_and_dash || luhn_check_digit(&digits[..9]) != digits[9] {
            return Err(AppError::invalid("org_number", InvalidCode::OrgNumber));
        }
        let s: String = digits.iter().map(|d| char::from_digit(*d, 10).unwrap_or('0')).collect();
        Ok(OrgNumber(format!("{}-{}", &s[..6], &s[6..])))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The Luhn digit that completes `digits` (weights 2,1,2,1,… from the left for nine digits).
pub fn luhn_check_digit(digits: &[u32]) -> u32 {
    let sum: u32 = digits
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let v = if i % 2 == 0 { d * 2 } else { *d };
            if v > 9 { v - 9 } else { v }
        })
        .sum();
    (10 - sum % 10) % 10
}

/// A whole number in `range`, typed into `field`; otherwise an error that names the limits.
pub fn whole_number_in(field: &str, raw: &str, range: std::ops::RangeInclusive<i64>) -> Result<i64, AppError> {
    match raw.trim().parse::<i64>() {
        Ok(v) if range.contains(&v) => Ok(v),
        _ => Err(AppError::out_of_range(field, &range)),
    }
}

/// An employment percentage (sysselsättningsgrad), 0–100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Percent(u8);

impl Percent {
    pub fn parse(field: &str, raw: &str) -> Result<Self, AppError> {
        match raw.trim().parse::<u8>() {
            Ok(v) if v <= 100 => Ok(Percent(v)),
            _ => Err(AppError::invalid(field, InvalidCode::Percent)),
        }
    }
    pub fn get(self) -> u8 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn emails_are_trimmed_and_lower_cased() {
        assert_eq!(Email::parse("  Anna.Berg@Demo.Skiftet.SE ").unwrap().as_str(), "anna.berg@demo.skiftet.se");
        for bad in ["", "anna", "anna@", "@demo.se", "anna@demo", "an na@demo.se", "a@b@c.se", "a@.se"] {
            assert!(Email::parse(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn org_numbers_need_a_correct_check_digit() {
        // 556036-0793 is a well-known valid organisation number (check digit 3).
        assert_eq!(OrgNumber::parse("5560360793").unwrap().as_str(), "556036-0793");
        assert_eq!(OrgNumber::parse("556036-0793").unwrap().as_str(), "556036-0793");
        assert!(OrgNumber::parse("556036-0794").is_err());
        assert!(OrgNumber::parse("55603607").is_err());
        assert!(OrgNumber::parse("556036-079x").is_err());
    }

    #[test]
    fn passwords_shorter_than_ten_characters_are_refused() {
        assert!(Password::parse("kort").is_err());
        assert!(Password::parse("åäöåäöåäöå").is_ok(), "length counts characters, not bytes");
        assert_eq!(format!("{:?}", Password::parse("hemligt-lösen").unwrap()), "Password(***)");
    }

    #[test]
    fn percentages_are_between_zero_and_one_hundred() {
        assert_eq!(Percent::parse("p", " 75 ").unwrap().get(), 75);
        assert!(Percent::parse("p", "101").is_err());
        assert!(Percent::parse("p", "-1").is_err());
    }

    #[test]
    fn a_note_may_be_empty_or_span_lines_but_holds_no_formula_or_control_characters() {
        assert_eq!(NoteText::parse("note", "  ", 10).unwrap().as_str(), "");
        assert_eq!(NoteText::parse("note", "Rad ett\r\nRad två ", 100).unwrap().as_str(), "Rad ett\nRad två");
        assert_eq!(
            NoteText::parse("note", "=SUM(A1)", 100),
            Err(AppError::invalid("note", InvalidCode::ForbiddenCharacters))
        );
        assert_eq!(
            NoteText::parse("note", "ok\n @evil", 100),
            Err(AppError::invalid("note", InvalidCode::ForbiddenCharacters))
        );
        assert_eq!(
            NoteText::parse("note", "tab\there", 100),
            Err(AppError::invalid("note", InvalidCode::ForbiddenCharacters))
        );
        assert_eq!(NoteText::parse("note", "ååå", 2), Err(AppError::invalid("note", InvalidCode::TooLong)));
    }

    proptest! {
        #[test]
        fn any_nine_digits_with_their_luhn_digit_parse(d in proptest::collection::vec(0u32..10, 9)) {
            let check = luhn_check_digit(&d);
            let s: String = d.iter().chain(std::iter::once(&check)).map(|x| char::from_digit(*x, 10).unwrap()).collect();
            prop_assert!(OrgNumber::parse(&s).is_ok());
            let wrong = (check + 1) % 10;
            let s2: String = d.iter().chain(std::iter::once(&wrong)).map(|x| char::from_digit(*x, 10).unwrap()).collect();
            prop_assert!(OrgNumber::parse(&s2).is_err());
        }
    }
}
