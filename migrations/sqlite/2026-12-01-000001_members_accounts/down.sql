DROP TABLE accounts;
DROP TABLE members;
