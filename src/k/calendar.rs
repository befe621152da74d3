//! Calendar arithmetic for q's temporal types, all counted from 2000.01.01.

/// Nanoseconds in a day.
pub const NANOS_PER_DAY: i64 = 86_400_000_000_000;
/// Milliseconds in a day.
pub const MILLIS_PER_DAY: i64 = 86_400_000;
/// Days from 1970.01.01 to 2000.01.01.
pub const UNIX_EPOCH_DAYS: i64 = 10_957;

/// Converts days since 2000.01.01 into a proleptic Gregorian (year, month, day).
pub fn ymd(days: i64) -> (i64, u32, u32) {
    // Shift to days since 0000-03-01 so leap days fall at the end of a cycle.
    let z = days + 730_425;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Converts a (year, month, day) into days since 2000.01.01.
pub fn days(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = month as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 730_425
}

/// Whether `year` is a Gregorian leap year.
pub fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in `month` (1-12) of `year`.
pub fn month_len(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        _ => 28,
    }
}

/// Whether (year, month, day) names a real calendar day.
pub fn is_valid(year: i64, month: u32, day: u32) -> bool {
    (1..=12).contains(&month) && day >= 1 && day <= month_len(year, month)
}

/// Converts months since 2000.01 into (year, month).
pub fn year_month(months: i64) -> (i64, u32) {
    (
        2000 + months.div_euclid(12),
        (months.rem_euclid(12) + 1) as u32,
    )
}

/// Converts (year, month) into months since 2000.01.
pub fn months(year: i64, month: u32) -> i64 {
    (year - 2000) * 12 + month as i64 - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_and_known_days() {
        assert_eq!(ymd(0), (2000, 1, 1));
        assert_eq!(days(2000, 1, 1), 0);
        // 2001.01.01 is day 366 (2000 is a leap year).
        assert_eq!(days(2001, 1, 1), 366);
        assert_eq!(ymd(-1), (1999, 12, 31));
        assert_eq!(ymd(days(1970, 1, 1)), (1970, 1, 1));
        assert_eq!(-days(1970, 1, 1), UNIX_EPOCH_DAYS);
    }

    #[test]
    fn round_trip_over_wide_range() {
        for d in (-800_000..800_000).step_by(97) {
            let (y, m, dd) = ymd(d);
            assert!(is_valid(y, m, dd));
            assert_eq!(days(y, m, dd), d);
        }
    }

    #[test]
    fn months_round_trip() {
        assert_eq!(year_month(12), (2001, 1));
        assert_eq!(year_month(-1), (1999, 12));
        assert_eq!(months(2017, 12), 215);
    }
}
