//! The public pages, under `/public`: no account needed, and not the members' app download.

fn main() {
    seed_web::start(seed_web::public::PublicApp);
}
