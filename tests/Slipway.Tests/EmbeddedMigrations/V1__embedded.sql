CREATE TABLE embedded (id integer);
