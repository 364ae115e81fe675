//! [D] Demo staff of the invented "Tỉnh Mẫu" (see `catalog::seed`), so that a fresh
//! `make run` can be tried at once and the end-to-end tests have people for every role.
//! Created only when asked (`motcua seed-demo --staff-password …`); existing user names
//! are left untouched.

use motcua_core::workflow::StaffRole;
use sqlx::AnyPool;

use super::accounts::{create, NewStaff, StaffError};

/// (user name, full name, unit, role).
pub const DEMO_STAFF: &[(&str, &str, &str, StaffRole)] = &[
    ("quantri", "Đỗ Quang Huy", "H15", StaffRole::SystemAdmin),
    (
        "ttpvhcc.motcua",
        "Lê Thị Hoa",
        "H15.01",
        StaffRole::OneStopOfficer,
    ),
    (
        "stp.quantri",
        "Vũ Minh Tâm",
        "H15.10",
        StaffRole::AgencyAdmin,
    ),
    (
        "stp.lanhdaophong",
        "Trần Văn Bình",
        "H15.10",
        StaffRole::HeadOfDivision,
    ),
    (
        "stp.chuyenvien",
        "Phạm Thu Trang",
        "H15.10",
        StaffRole::Specialist,
    ),
    (
        "stp.chuyenvien2",
        "Ngô Đức Anh",
        "H15.10",
        StaffRole::Specialist,
    ),
    (
        "stp.giamdoc",
        "Nguyễn Đức Minh",
        "H15.10",
        StaffRole::HeadOfAgency,
    ),
    (
        "ca.lanhdaophong",
        "Hoàng Văn Nam",
        "H15.20",
        StaffRole::HeadOfDivision,
    ),
    (
        "ca.chuyenvien",
        "Bùi Thị Lan",
        "H15.20",
        StaffRole::Specialist,
    ),
    (
        "ca.lanhdao",
        "Đặng Quốc Khánh",
        "H15.20",
        StaffRole::HeadOfAgency,
    ),
    (
        "anbinh.motcua",
        "Trịnh Thị Mai",
        "H15.50",
        StaffRole::OneStopOfficer,
    ),
    (
        "anbinh.lanhdaophong",
        "Lý Văn Sơn",
        "H15.50",
        StaffRole::HeadOfDivision,
    ),
    (
        "anbinh.chuyenvien",
        "Đinh Thị Thu",
        "H15.50",
        StaffRole::Specialist,
    ),
    (
        "anbinh.chutich",
        "Phan Văn Long",
        "H15.50",
        StaffRole::HeadOfAgency,
    ),
    (
        "hoaphu.motcua",
        "Cao Thị Yến",
        "H15.51",
        StaffRole::OneStopOfficer,
    ),
];

/// Creates the demo accounts that do not exist yet, all with `password`. Returns how
/// many were created.
pub async fn seed_staff(pool: &AnyPool, password: &str, now_ms: i64) -> Result<usize, StaffError> {
    let mut created = 0;
    for &(username, full_name, unit, role) in DEMO_STAFF {
        let new = NewStaff {
            username: username.to_owned(),
            full_name: full_name.to_owned(),
            unit_code: unit.to_owned(),
            role,
            email: Some(format!("{username}@tinhmau.example.vn")),
            password: password.to_owned(),
        };
        match create(pool, &new, None, now_ms).await {
            Ok(_) => created += 1,
            Err(StaffError::Taken(_)) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(created)
}
