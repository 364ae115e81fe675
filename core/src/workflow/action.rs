//! What a person can do to a dossier (SPEC §3; issue 5). The server stores
//! [`Action::as_str`] in the dossier's history and audit log.

use serde::{Deserialize, Serialize};

/// An action name that is not one of [`Action`]'s identifiers.
///
/// ```
/// use motcua_core::workflow::{Action, UnknownAction};
/// assert_eq!("approve".parse::<Action>(), Err(UnknownAction("approve".into())));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("thao tác không hợp lệ: «{0}»")]
pub struct UnknownAction(pub String);

macro_rules! actions {
    ($($(#[$vmeta:meta])* $variant:ident = $id:literal, $label:literal;)+) => {
        /// One move in a dossier's life. Whether it is allowed is decided by
        /// [`apply`](super::apply) from the dossier's state, the route of internal steps
        /// and the actor.
        ///
        /// ```
        /// use motcua_core::workflow::Action;
        /// assert_eq!(Action::Apologize.label(), "Lập Phiếu xin lỗi và hẹn lại ngày trả");
        /// assert_eq!("send_back".parse::<Action>(), Ok(Action::SendBack));
        /// assert_eq!(Action::ALL.len(), 17);
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub enum Action {
            $($(#[$vmeta])* #[serde(rename = $id)] $variant,)+
        }

        impl Action {
            /// Every action, in the order a dossier usually meets them.
            pub const ALL: &'static [Action] = &[$(Action::$variant,)+];

            /// The identifier stored in the history and used in URLs.
            pub fn as_str(self) -> &'static str {
                match self { $(Action::$variant => $id,)+ }
            }

            /// The Vietnamese name shown on buttons and in the history.
            pub fn label(self) -> &'static str {
                match self { $(Action::$variant => $label,)+ }
            }
        }

        impl std::str::FromStr for Action {
            type Err = UnknownAction;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($id => Ok(Action::$variant),)+
                    other => Err(UnknownAction(other.to_owned())),
                }
            }
        }
    };
}

actions! {
    /// Tiếp nhận (1 → 2): code, appointment and form 01.
    Receive = "receive", "Tiếp nhận";
    /// Yêu cầu bổ sung (form 02): by the desk at or just after reception (1, 2 → 5), or
    /// by the step's holder during processing (4 → 5).
    RequestSupplement = "request_supplement", "Yêu cầu bổ sung, hoàn thiện hồ sơ";
    /// Từ chối tiếp nhận (form 03): 1 → 3.
    Refuse = "refuse", "Từ chối tiếp nhận";
    /// The supplement arrives (online from the applicant, or at the desk): 5 → back.
    AnswerSupplement = "answer_supplement", "Nhận hồ sơ bổ sung";
    /// The desk hands the dossier to the processing agency (2 → 4, first step).
    SendToProcessing = "send_to_processing", "Chuyển xử lý";
    /// A head of division assigns the dossier to a specialist (next step), or
    /// re-assigns it while a specialist holds it.
    Assign = "assign", "Phân công";
    /// The step is done: the dossier goes to the next internal step.
    Forward = "forward", "Chuyển bước tiếp theo";
    /// Back one step, with a comment.
    SendBack = "send_back", "Trả lại bước trước";
    /// Sent to a co-ordinating agency (liên thông); the processing agency waits.
    Transfer = "transfer", "Chuyển liên thông";
    /// The co-ordinating agency sends the dossier back.
    ReturnFromTransfer = "return_from_transfer", "Trả về từ liên thông";
    /// Waiting for the applicant's fee or tax (4 → 6, clock paused).
    RequestPayment = "request_payment", "Chờ thực hiện nghĩa vụ tài chính";
    /// The fee or tax is paid (6 → 4).
    ConfirmPayment = "confirm_payment", "Xác nhận đã thực hiện nghĩa vụ tài chính";
    /// Form 04: apology with a new date, at most once (SPEC §3, §4.6.6).
    Apologize = "apologize", "Lập Phiếu xin lỗi và hẹn lại ngày trả";
    /// The decision is issued, the result is ready (4 → 9).
    Decide = "decide", "Hoàn thành xử lý";
    /// The result is returned (9 → 10).
    Return = "return", "Trả kết quả";
    /// Stopped at the applicant's request while no decision is issued (form 05, → 8).
    Stop = "stop", "Dừng xử lý theo đề nghị";
    /// Withdrawn by the applicant (→ 7).
    Withdraw = "withdraw", "Rút hồ sơ";
}
