//! [`StaffDesk`] for [`SqlStaff`]: what the staff pages read (issue 5). Sign-in and
//! sessions are in [`accounts`](super::accounts); the queues in
//! [`queues`](super::queues); one dossier in [`dossier_view`](super::dossier_view);
//! intake, administration and notices in [`admin`](super::admin). Every time comes
//! from the server's clock.

use async_trait::async_trait;
use motcua_app::services::{
    AdminPage, IntakePage, NoticeView, QueueCounts, QueueQuery, QueueRow, ServiceError, StaffDesk,
    StaffDossier, StaffProfile, StaffSession, StaffSignInError,
};

use super::{admin, dossier_view, queues, SqlStaff};

fn internal(e: impl std::error::Error + Send + Sync + 'static) -> ServiceError {
    ServiceError(Box::new(e))
}

#[async_trait]
impl StaffDesk for SqlStaff {
    async fn sign_in(
        &self,
        username: &str,
        password: &str,
        client: &str,
    ) -> Result<Result<StaffSession, StaffSignInError>, ServiceError> {
        self.sign_in_staff(username, password, client)
            .await
            .map_err(internal)
    }

    async fn session(&self, token: &str) -> Result<Option<StaffProfile>, ServiceError> {
        self.staff_session(token).await.map_err(internal)
    }

    async fn sign_out(&self, token: &str) -> Result<(), ServiceError> {
        self.staff_sign_out(token).await.map_err(internal)
    }

    async fn counts(&self, me: &StaffProfile) -> Result<QueueCounts, ServiceError> {
        queues::counts(self, me).await.map_err(internal)
    }

    async fn queue(
        &self,
        me: &StaffProfile,
        query: &QueueQuery,
    ) -> Result<Vec<QueueRow>, ServiceError> {
        queues::queue(self, me, query).await.map_err(internal)
    }

    async fn dossier(
        &self,
        me: &StaffProfile,
        key: &str,
    ) -> Result<Option<StaffDossier>, ServiceError> {
        dossier_view::dossier(self, me, key).await.map_err(internal)
    }

    async fn intake(&self, me: &StaffProfile, lookup: &str) -> Result<IntakePage, ServiceError> {
        admin::intake(self, me, lookup).await.map_err(internal)
    }

    async fn admin(&self, me: &StaffProfile) -> Result<Option<AdminPage>, ServiceError> {
        admin::admin(self, me).await.map_err(internal)
    }

    async fn notices(&self, me: &StaffProfile) -> Result<Vec<NoticeView>, ServiceError> {
        admin::notices(self, me).await.map_err(internal)
    }
}
