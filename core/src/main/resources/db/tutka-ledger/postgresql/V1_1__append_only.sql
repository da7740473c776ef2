-- Entries are never changed or removed: refuse UPDATE, DELETE and TRUNCATE on the entry tables. The table owner
-- can still disable the trigger, which is why the entries form a hash chain that `tutka trials verify-ledger`
-- checks. The head row (tutka_ledger_head) moves with every append and is not guarded.

CREATE FUNCTION tutka_ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the allocation ledger is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER tutka_allocation_append_only
    BEFORE UPDATE OR DELETE ON tutka_allocation
    FOR EACH ROW EXECUTE FUNCTION tutka_ledger_refuse_change();

CREATE TRIGGER tutka_allocation_no_truncate
    BEFORE TRUNCATE ON tutka_allocation
    FOR EACH STATEMENT EXECUTE FUNCTION tutka_ledger_refuse_change();

CREATE TRIGGER tutka_correction_append_only
    BEFORE UPDATE OR DELETE ON tutka_correction
    FOR EACH ROW EXECUTE FUNCTION tutka_ledger_refuse_change();

CREATE TRIGGER tutka_correction_no_truncate
    BEFORE TRUNCATE ON tutka_correction
    FOR EACH STATEMENT EXECUTE FUNCTION tutka_ledger_refuse_change();
