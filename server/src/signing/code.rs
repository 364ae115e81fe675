//! Verification codes (mã xác thực): 12 characters of Crockford's base32, printed in
//! three groups, `7K3M-Q9TX-2HRD`. 60 random bits: guessing a valid code is hopeless
//! (one in 10¹⁸ per try with a million signed results), and the code is short enough to
//! type from paper.
//!
//! Crockford's alphabet leaves out I, L, O and U, so a code read aloud or copied by hand
//! comes back right: a typed `O` is read as `0`, `I` and `L` as `1`, lower case as upper
//! case, and dashes and spaces are ignored.

use std::fmt;

use argon2::password_hash::rand_core::{OsRng, RngCore};

/// Crockford's base32 digits, in value order.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Characters in a code, without the dashes.
pub const CODE_LEN: usize = 12;

/// A well-formed verification code, in canonical form (upper case, grouped by four).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VerificationCode(String);

impl VerificationCode {
    /// A new random code (60 bits from the operating system).
    pub fn random() -> Self {
        let mut bytes = [0u8; 8];
        OsRng.fill_bytes(&mut bytes);
        let mut value = u64::from_le_bytes(bytes);
        let mut digits = [0u8; CODE_LEN];
        for d in &mut digits {
            *d = ALPHABET[(value & 31) as usize];
            value >>= 5;
        }
        Self::grouped(&digits)
    }

    /// Reads a code as a person typed it: case, dashes, spaces, `O`→`0` and `I`/`L`→`1`
    /// do not matter. `None` when it is not 12 Crockford digits.
    pub fn parse(typed: &str) -> Option<Self> {
        let mut digits = Vec::with_capacity(CODE_LEN);
        for c in typed.chars() {
            let c = match c.to_ascii_uppercase() {
                '-' | ' ' | '\u{a0}' | '\t' | '\u{2010}'..='\u{2015}' => continue,
                'O' => '0',
                'I' | 'L' => '1',
                c => c,
            };
            if !c.is_ascii() || !ALPHABET.contains(&(c as u8)) {
                return None;
            }
            digits.push(c as u8);
            if digits.len() > CODE_LEN {
                return None;
            }
        }
        (digits.len() == CODE_LEN).then(|| Self::grouped(&digits))
    }

    fn grouped(digits: &[u8]) -> Self {
        let text: Vec<String> = digits
            .chunks(4)
            .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
            .collect();
        VerificationCode(text.join("-"))
    }

    /// The canonical text, `XXXX-XXXX-XXXX`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for VerificationCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_codes_are_grouped_crockford_and_differ() {
        let codes: std::collections::HashSet<String> = (0..1000)
            .map(|_| VerificationCode::random().as_str().to_owned())
            .collect();
        assert_eq!(codes.len(), 1000);
        for code in &codes {
            assert_eq!(code.len(), 14, "{code}");
            assert_eq!(&code[4..5], "-");
            assert_eq!(&code[9..10], "-");
            assert!(
                code.chars()
                    .all(|c| c == '-' || ALPHABET.contains(&(c as u8))),
                "{code}"
            );
            assert_eq!(VerificationCode::parse(code).unwrap().as_str(), code);
        }
    }

    #[test]
    fn typed_codes_are_normalised() {
        let canonical = "7K3M-Q9TX-2HR0";
        for typed in [
            "7K3M-Q9TX-2HR0",
            "7k3m-q9tx-2hr0",
            "7K3MQ9TX2HR0",
            " 7K3M Q9TX 2HRO ",
            "7k3m–q9tx–2hro",
        ] {
            assert_eq!(
                VerificationCode::parse(typed).map(|c| c.0),
                Some(canonical.to_owned()),
                "{typed:?}"
            );
        }
        assert_eq!(
            VerificationCode::parse("ILIL-1111-oooo").unwrap().as_str(),
            "1111-1111-0000"
        );
        for bad in [
            "",
            "7K3M-Q9TX-2HR",
            "7K3M-Q9TX-2HR00",
            "7K3M-Q9TX-2HRU",
            "7K3M-Q9TX-2HR*",
            "7K3M-Q9TX-2HRĐ",
        ] {
            assert_eq!(VerificationCode::parse(bad), None, "{bad:?}");
        }
    }
}
