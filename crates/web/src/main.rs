//! The members' app, at every path but `/api` and `/public`.

fn main() {
    // A panic's message in the console; the public pages leave it out (their size budget).
    console_error_panic_hook::set_once();
    seed_web::start(seed_web::app::App);
}
