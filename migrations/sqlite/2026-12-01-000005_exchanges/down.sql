DROP TABLE notifications;
DROP TABLE evaluations;
DROP TABLE exchange_events;
DROP TABLE exchanges;
DROP TABLE listings;
