//! Dossier status and reception channel, as numbered by the national portal's sync
//! codes (SPEC §3, tagged \[P\]: this is how deployed systems exchange them, not a
//! legal text).

use serde::{Deserialize, Serialize};

/// An identifier that is not one of the known statuses or channels.
///
/// ```
/// use motcua_core::dossier::{Channel, StatusError};
/// assert_eq!("fax".parse::<Channel>(), Err(StatusError::UnknownChannel("fax".into())));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StatusError {
    /// Not a status identifier.
    #[error("trạng thái hồ sơ không hợp lệ: «{0}»")]
    UnknownStatus(String),
    /// Not a channel identifier.
    #[error("kênh tiếp nhận không hợp lệ: «{0}» (in_person, online, post)")]
    UnknownChannel(String),
}

coded_enum! {
    /// Where a dossier stands (SPEC §3): the ten sync codes of the national portal.
    ///
    /// The database and API store [`as_str`](Self::as_str) (serde uses it too); the
    /// national code is only for exchange with the portal, so a renumbering there does
    /// not rewrite our data.
    ///
    /// ```
    /// use motcua_core::dossier::DossierStatus;
    /// let s = DossierStatus::from_code(5).unwrap();
    /// assert_eq!(s, DossierStatus::SupplementRequested);
    /// assert_eq!((s.code(), s.as_str(), s.label()), (5, "supplement_requested", "Yêu cầu bổ sung"));
    /// assert_eq!("returned".parse::<DossierStatus>(), Ok(DossierStatus::Returned));
    /// assert_eq!(serde_json::to_string(&s).unwrap(), r#""supplement_requested""#);
    /// assert!(DossierStatus::from_code(11).is_none());
    /// ```
    DossierStatus, UnknownStatus {
        /// 1 — submitted online, awaiting reception; the clock has not started.
        AwaitingReception = 1, "awaiting_reception", "Chờ tiếp nhận";
        /// 2 — received; receipt (form 01) issued; the clock starts.
        Received = 2, "received", "Đã tiếp nhận";
        /// 3 — refused at reception (form 03).
        Refused = 3, "refused", "Không được tiếp nhận";
        /// 4 — being processed at some internal step or agency.
        Processing = 4, "processing", "Đang xử lý";
        /// 5 — supplement requested (form 02); the clock is paused or restarts.
        SupplementRequested = 5, "supplement_requested", "Yêu cầu bổ sung";
        /// 6 — awaiting payment of a fee or tax; the clock is paused.
        AwaitingPayment = 6, "awaiting_payment", "Chờ thực hiện nghĩa vụ tài chính";
        /// 7 — withdrawn by the citizen.
        Withdrawn = 7, "withdrawn", "Công dân rút hồ sơ";
        /// 8 — stopped at the applicant's request (form 05, Decree 118 Art. 21).
        Stopped = 8, "stopped", "Dừng xử lý";
        /// 9 — decided, result ready; the on-time measurement ends here.
        Decided = 9, "decided", "Đã xử lý xong";
        /// 10 — result returned to the applicant.
        Returned = 10, "returned", "Đã trả kết quả";
    }
}

impl DossierStatus {
    /// Whether no other status can follow: refused, withdrawn, stopped or returned.
    ///
    /// "Decided" (9) is not final: the result still has to be returned (10), even though
    /// the clock used for on-time measurement stops at 9.
    ///
    /// ```
    /// use motcua_core::dossier::DossierStatus;
    /// assert!(DossierStatus::Returned.is_final());
    /// assert!(!DossierStatus::Decided.is_final());
    /// ```
    pub fn is_final(self) -> bool {
        matches!(
            self,
            DossierStatus::Refused
                | DossierStatus::Withdrawn
                | DossierStatus::Stopped
                | DossierStatus::Returned
        )
    }
}

coded_enum! {
    /// How a dossier reached the agency (Decree 118 Art. 15; codes \[P\], SPEC §3).
    ///
    /// ```
    /// use motcua_core::dossier::Channel;
    /// assert_eq!(Channel::Online.code(), 2);
    /// assert_eq!(Channel::from_code(3), Some(Channel::Post));
    /// assert_eq!(Channel::InPerson.label(), "Trực tiếp");
    /// assert!("email".parse::<Channel>().is_err());
    /// ```
    Channel, UnknownChannel {
        /// 1 — in person at the one-stop desk.
        InPerson = 1, "in_person", "Trực tiếp";
        /// 2 — online, through the public service portal.
        Online = 2, "online", "Trực tuyến";
        /// 3 — by post (public postal service or a hired courier).
        Post = 3, "post", "Qua dịch vụ bưu chính";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_3_the_ten_status_codes_and_their_labels() {
        let expected = [
            (1, "Chờ tiếp nhận"),
            (2, "Đã tiếp nhận"),
            (3, "Không được tiếp nhận"),
            (4, "Đang xử lý"),
            (5, "Yêu cầu bổ sung"),
            (6, "Chờ thực hiện nghĩa vụ tài chính"),
            (7, "Công dân rút hồ sơ"),
            (8, "Dừng xử lý"),
            (9, "Đã xử lý xong"),
            (10, "Đã trả kết quả"),
        ];
        assert_eq!(DossierStatus::ALL.len(), 10);
        for (code, label) in expected {
            let status = DossierStatus::from_code(code).unwrap();
            assert_eq!((status.code(), status.label()), (code, label));
        }
        assert_eq!(DossierStatus::from_code(0), None);
        assert_eq!(DossierStatus::from_code(11), None);
    }

    #[test]
    fn status_identifiers_round_trip_through_text_and_json() {
        for &status in DossierStatus::ALL {
            assert_eq!(status.as_str().parse::<DossierStatus>(), Ok(status));
            let json = serde_json::to_string(&status).unwrap();
            assert_eq!(json, format!("\"{}\"", status.as_str()));
            assert_eq!(
                serde_json::from_str::<DossierStatus>(&json).unwrap(),
                status
            );
        }
        assert_eq!(
            "4".parse::<DossierStatus>(),
            Err(StatusError::UnknownStatus("4".into()))
        );
        assert!(serde_json::from_str::<DossierStatus>("4").is_err());
    }

    #[test]
    fn spec_3_final_statuses_are_the_ends_of_the_lifecycle() {
        let finals: Vec<u8> = DossierStatus::ALL
            .iter()
            .filter(|s| s.is_final())
            .map(|s| s.code())
            .collect();
        assert_eq!(finals, [3, 7, 8, 10]);
    }

    #[test]
    fn spec_3_channel_codes() {
        let got: Vec<(u8, &str, &str)> = Channel::ALL
            .iter()
            .map(|c| (c.code(), c.as_str(), c.label()))
            .collect();
        assert_eq!(
            got,
            [
                (1, "in_person", "Trực tiếp"),
                (2, "online", "Trực tuyến"),
                (3, "post", "Qua dịch vụ bưu chính"),
            ]
        );
        for &channel in Channel::ALL {
            assert_eq!(Channel::from_code(channel.code()), Some(channel));
            assert_eq!(channel.as_str().parse::<Channel>(), Ok(channel));
        }
        assert_eq!(Channel::from_code(4), None);
    }
}
