INSERT INTO posts (id, title) VALUES (1, 'Hello, World!');
INSERT INTO posts (id, title) VALUES (2, 'Slipway & C# migrations');
