DROP INDEX exchanges_one_open_per_listing;
-- The awaiting_agreement state stays allowed: narrowing the CHECK would need every such row gone.
