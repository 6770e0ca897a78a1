-- First start of the PostgreSQL container: the tracker store's database is POSTGRES_DB;
-- the console gets its own database, owned by the same role.
CREATE DATABASE console;
