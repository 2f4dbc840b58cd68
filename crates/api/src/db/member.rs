//! SQL for members.

use super::DbConn;
use super::schema::members;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use seed_domain::membership::{MemberStatus, Role};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, PartialEq, Eq)]
#[diesel(table_name = members)]
pub struct MemberRow {
    pub id: String,
    pub email: String,
    pub display_name: String,
    #[diesel(serialize_as = String, deserialize_as = String)]
    pub role: Role,
    #[diesel(serialize_as = String, deserialize_as = String)]
    pub status: MemberStatus,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub oidc_issuer: Option<String>,
    pub oidc_subject: Option<String>,
    /// Created by a demo-mode server: a demo server refuses a database with any other member.
    pub demo: bool,
}

pub fn insert(conn: &mut DbConn, row: &MemberRow) -> QueryResult<()> {
    diesel::insert_into(members::table).values(row.clone()).execute(conn).map(|_| ())
}

pub fn find_by_email(conn: &mut DbConn, email: &str) -> QueryResult<Option<MemberRow>> {
    members::table.filter(members::email.eq(email)).select(MemberRow::as_select()).first(conn).optional()
}

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<MemberRow>> {
    members::table.find(id).select(MemberRow::as_select()).first(conn).optional()
}

pub fn find_by_identity(conn: &mut DbConn, issuer: &str, subject: &str) -> QueryResult<Option<MemberRow>> {
    members::table
        .filter(members::oidc_issuer.eq(issuer))
        .filter(members::oidc_subject.eq(subject))
        .select(MemberRow::as_select())
        .first(conn)
        .optional()
}

/// Links the Google identity, unless another is linked meanwhile (then 0 rows change).
pub fn link_identity(
    conn: &mut DbConn,
    id: &str,
    issuer: &str,
    subject: &str,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(members::table.find(id).filter(members::oidc_subject.is_null()))
        .set((members::oidc_issuer.eq(issuer), members::oidc_subject.eq(subject), members::updated_at.eq(at)))
        .execute(conn)
}

pub fn unlink_identity(conn: &mut DbConn, id: &str, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(members::table.find(id))
        .set((
            members::oidc_issuer.eq(None::<String>),
            members::oidc_subject.eq(None::<String>),
            members::updated_at.eq(at),
        ))
        .execute(conn)
}

pub fn set_role(conn: &mut DbConn, id: &str, role: &str, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(members::table.find(id))
        .set((members::role.eq(role), members::updated_at.eq(at)))
        .execute(conn)
}

pub fn set_display_name(conn: &mut DbConn, id: &str, name: &str, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(members::table.find(id))
        .set((members::display_name.eq(name), members::updated_at.eq(at)))
        .execute(conn)
}

pub fn set_status(conn: &mut DbConn, id: &str, status: &str, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(members::table.find(id))
        .set((members::status.eq(status), members::updated_at.eq(at)))
        .execute(conn)
}

/// A page in creation order (ids are UUID v7), after `cursor`; `limit + 1` rows tell whether
/// there is a next page.
pub fn list_page(conn: &mut DbConn, cursor: Option<&str>, limit: i64) -> QueryResult<Vec<MemberRow>> {
    let mut query =
        members::table.order(members::id).limit(limit).select(MemberRow::as_select()).into_boxed();
    if let Some(cursor) = cursor {
        query = query.filter(members::id.gt(cursor.to_owned()));
    }
    query.load(conn)
}

pub fn list_all(conn: &mut DbConn) -> QueryResult<Vec<MemberRow>> {
    members::table.order(members::id).select(MemberRow::as_select()).load(conn)
}

/// Members that no demo-mode server created, in a database of any SEED version (read before
/// migrating, so a demo server refuses a real database without touching it): none without a
/// members table, every member before the `demo` flag existed.
pub fn count_not_demo(conn: &mut DbConn) -> QueryResult<i64> {
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let count = |conn: &mut DbConn, sql: &str| -> QueryResult<i64> {
        Ok(diesel::sql_query(sql).get_result::<Count>(conn)?.n)
    };
    let (table, column) = match conn {
        DbConn::Sqlite(_) => (
            "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'members'",
            "SELECT COUNT(*) AS n FROM pragma_table_info('members') WHERE name = 'demo'",
        ),
        DbConn::Postgresql(_) => (
            "SELECT COUNT(*) AS n FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_name = 'members'",
            "SELECT COUNT(*) AS n FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = 'members' AND column_name = 'demo'",
        ),
    };
    if count(conn, table)? == 0 {
        return Ok(0);
    }
    if count(conn, column)? == 0 {
        return count(conn, "SELECT COUNT(*) AS n FROM members");
    }
    members::table.filter(members::demo.eq(false)).count().get_result(conn)
}

pub fn count(conn: &mut DbConn) -> QueryResult<i64> {
    members::table.count().get_result(conn)
}
