//! [`AccountSecurity`] for the database (issue 11): citizens' passwords
//! ([`super::passwords`]), sessions ([`super::sessions`]) and closing
//! ([`super::personal_data`]); staff passwords are `crate::staff::passwords`.

use async_trait::async_trait;
use motcua_app::services::{
    AccountSecurity, NewSession, PasswordChange, SecurityError, ServiceError, SessionView,
    StaffSession,
};

use super::SqlAccounts;

#[async_trait]
impl AccountSecurity for SqlAccounts {
    async fn change_password(
        &self,
        token: &str,
        form: &PasswordChange,
    ) -> Result<Result<NewSession, SecurityError>, ServiceError> {
        self.change_citizen_password(token, form).await
    }

    async fn sessions(&self, token: &str) -> Result<Option<Vec<SessionView>>, ServiceError> {
        self.list_sessions(token).await
    }

    async fn end_session(
        &self,
        token: &str,
        handle: &str,
    ) -> Result<Result<(), SecurityError>, ServiceError> {
        self.end_one_session(token, handle).await
    }

    async fn end_other_sessions(
        &self,
        token: &str,
    ) -> Result<Result<u32, SecurityError>, ServiceError> {
        self.end_others(token).await
    }

    async fn close_account(
        &self,
        token: &str,
        password: &str,
    ) -> Result<Result<(), SecurityError>, ServiceError> {
        self.close(token, password).await
    }

    async fn change_staff_password(
        &self,
        staff_token: &str,
        form: &PasswordChange,
    ) -> Result<Result<StaffSession, SecurityError>, ServiceError> {
        crate::staff::passwords::change_own(&self.pool, staff_token, form, self.now_ms()).await
    }
}
