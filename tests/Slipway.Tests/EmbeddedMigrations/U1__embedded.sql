DROP TABLE embedded;
