-- Every decision that moves money in a programme moves its budget, and a row stays locked until its transaction
-- commits: with one ledger row per programme, a burst of decisions in one call for applications waits in single
-- file. The budget is held in slots instead, each with its own share and its own reserved/committed/spent, so
-- concurrent decisions take different rows. reserved + committed + spent <= budget holds per slot (the CHECKs
-- below), and the shares add up to the programme's budget, so it holds for the programme. Existing programmes
-- keep everything in slot 0; the other slots start empty and receive unused budget when a decision needs it.
ALTER TABLE programme_ledgers DROP CONSTRAINT programme_ledgers_pkey;
ALTER TABLE programme_ledgers ADD COLUMN slot smallint NOT NULL DEFAULT 0 CHECK (slot >= 0);
ALTER TABLE programme_ledgers ADD PRIMARY KEY (programme_id, slot);
ALTER TABLE programme_ledgers DROP CONSTRAINT programme_ledgers_budget_check;
ALTER TABLE programme_ledgers ADD CONSTRAINT programme_ledgers_budget_check CHECK (budget >= 0);
INSERT INTO programme_ledgers (programme_id, slot, budget)
SELECT programme_id, s, 0 FROM programme_ledgers, generate_series(1, 7) AS s WHERE slot = 0;

-- The slot that holds an application's reservation or commitment; NULL (from before slots) means slot 0.
ALTER TABLE applications ADD COLUMN ledger_slot smallint;

-- A programme's budget position, summed over its slots: what reports and checks read.
CREATE VIEW programme_budgets AS
SELECT programme_id, sum(budget)::bigint AS budget, sum(reserved)::bigint AS reserved,
       sum(committed)::bigint AS committed, sum(spent)::bigint AS spent
FROM programme_ledgers GROUP BY programme_id;
GRANT SELECT ON programme_budgets TO coopcase_app;
