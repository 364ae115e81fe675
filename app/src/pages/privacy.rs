use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::layout::PortalLayout;

/// Where the privacy policy is.
pub const PRIVACY_PATH: &str = "/chinh-sach-bao-mat";

/// The short notice shown wherever personal data is collected (registration, the
/// submission form, the desk's intake), with a link to the policy (Decree 13/2023/NĐ-CP
/// Art. 13: the person is told before their data is processed).
#[component]
pub fn PrivacyNotice(
    /// Who the notice speaks to: the citizen ("bạn") or the officer reading it out.
    #[prop(optional)]
    at_desk: bool,
) -> impl IntoView {
    let text = if at_desk {
        "Thông báo cho người nộp: thông tin cá nhân được thu thập để tiếp nhận và giải quyết thủ tục hành chính, \
         chỉ cán bộ xử lý hồ sơ được xem, và được lưu giữ theo quy định về lưu trữ hồ sơ."
    } else {
        "Thông tin cá nhân bạn cung cấp chỉ dùng để giải quyết thủ tục hành chính và liên hệ với bạn về hồ sơ; \
         chỉ cán bộ xử lý hồ sơ được xem. Bạn có thể tải về hoặc yêu cầu xóa dữ liệu tài khoản bất cứ lúc nào."
    };
    view! {
        <p class="privacy-notice muted-inline" data-testid="privacy-notice">
            {text} " " <a href=PRIVACY_PATH>"Chính sách bảo vệ dữ liệu cá nhân"</a>
        </p>
    }
}

/// `/chinh-sach-bao-mat`: what personal data the portal collects, why, who sees it, how
/// long it is kept, and the person's rights (Decree 13/2023/NĐ-CP).
#[component]
pub fn PrivacyPage() -> impl IntoView {
    view! {
        <Title text="Chính sách bảo vệ dữ liệu cá nhân" />
        <PortalLayout>
            <article class="prose">
                <h1>"Chính sách bảo vệ dữ liệu cá nhân"</h1>
                <p>"Theo Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân."</p>
                <h2>"Dữ liệu được thu thập"</h2>
                <ul>
                    <li>"Tài khoản: số điện thoại, mật khẩu (chỉ lưu dạng băm), họ tên, địa chỉ; số định danh cá nhân, ngày sinh, thư điện tử nếu bạn cung cấp."</li>
                    <li>"Hồ sơ thủ tục hành chính: thông tin người nộp, nội dung tờ khai, giấy tờ đính kèm, quá trình xử lý và kết quả."</li>
                    <li>"Thông báo đã gửi (tin nhắn, thư điện tử) về hồ sơ; phiên đăng nhập (thời điểm bắt đầu, hết hạn)."</li>
                </ul>
                <h2>"Mục đích và người được xem"</h2>
                <p>
                    "Dữ liệu chỉ dùng để tiếp nhận, giải quyết, trả kết quả thủ tục hành chính và thông báo cho bạn. "
                    "Cán bộ chỉ xem dữ liệu của hồ sơ thuộc đơn vị mình khi công việc cần; số định danh và ngày sinh "
                    "chỉ hiển thị cho cán bộ xử lý hồ sơ, không cho quản trị viên. Mọi lần tra cứu thông tin cá nhân "
                    "tại Bộ phận Một cửa đều được ghi nhật ký."
                </p>
                <h2>"Thời gian lưu giữ"</h2>
                <ul>
                    <li>"Tài khoản: cho đến khi bạn đóng tài khoản; khi đóng, thông tin cá nhân của tài khoản bị xóa ngay và mọi phiên đăng nhập kết thúc."</li>
                    <li>"Hồ sơ thủ tục hành chính, kết quả và nhật ký: là hồ sơ công vụ, được lưu giữ theo thời hạn của pháp luật về lưu trữ, không bị xóa khi đóng tài khoản."</li>
                    <li>"Tệp tải lên nhưng chưa nộp: tự xóa sau 01 ngày."</li>
                </ul>
                <h2>"Quyền của bạn"</h2>
                <p>
                    "Tại trang " <a href="/tai-khoan">"Tài khoản"</a> " bạn có thể: tải về toàn bộ dữ liệu hệ thống lưu về bạn, "
                    "đổi mật khẩu, xem và kết thúc các phiên đăng nhập, đóng tài khoản. Yêu cầu khác về dữ liệu cá nhân "
                    "xin gửi tới Bộ phận Một cửa nơi bạn nộp hồ sơ."
                </p>
            </article>
        </PortalLayout>
    }
}
