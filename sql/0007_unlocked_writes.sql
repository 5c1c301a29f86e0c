-- Most workflow actions meet no concurrent change, so they are decided on the application as read, without a lock,
-- and written in one statement that must find the row at the version it read and room in every ledger it moves.
-- When it does not, the statement calls this, which aborts it, so none of it lands; the action is then done again
-- under a lock.
CREATE FUNCTION refuse_stale_write() RETURNS int8 LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the application changed, or a ledger had no room, since it was read'
        USING ERRCODE = 'CC001';
END
$$;
