//! The exchange of services: offers and wants (`/offres`, `/offres/{id}`, `/mes-offres`),
//! and exchanges (`/echanges`, `/echanges/{id}`). The pieces other pages share (durations,
//! ratings, what a member gave and received) are in `components/`.

pub mod actions;
pub mod exchange;
pub mod list;
pub mod listing;
pub mod listings;
pub mod my_listings;
pub mod owner;
pub mod publish;
