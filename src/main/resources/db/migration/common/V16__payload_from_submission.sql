-- A lead whose event was its submission's whole body stores no JSON copy of it (the submission keeps the bytes).
ALTER TABLE inbox ALTER COLUMN payload DROP NOT NULL;
