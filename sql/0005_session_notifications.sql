-- A server keeps the users behind recently seen tokens in memory. Whatever can end a session's validity
-- (a logout, a disabled user, a changed role or password) tells every listening server at commit, so a
-- change made here or by any other process takes effect at once.
CREATE FUNCTION notify_sessions_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('coopcase_sessions', TG_TABLE_NAME);
    RETURN NULL;
END $$;
CREATE TRIGGER users_changed AFTER UPDATE OR DELETE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION notify_sessions_changed();
CREATE TRIGGER sessions_changed AFTER UPDATE OR DELETE ON sessions
    FOR EACH STATEMENT EXECUTE FUNCTION notify_sessions_changed();
