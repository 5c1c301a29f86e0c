"""Turns the statements the server sent for one recommendation into a pgbench script.

Usage: transition_sql.py LOG CAPTURED_ROW_JSON > script.sql

LOG is PostgreSQL's log while `log_min_duration_statement = 0` held for the application's role, covering one
recommendation; CAPTURED_ROW_JSON is the queue row (see transition-sql.sh) of the application it recommended.
Each parameter whose value is one of that application's own values becomes the pgbench variable of the same
name, read per transaction from `bench_queue`; every other parameter (the new state and version, the event's
body and hash, the amounts) is written as the literal the server sent, with the type its text shows — except
the offset that spreads decisions over the budget's slots, drawn at random per transaction as the server does.
"""

import json
import re
import sys

STAMP = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
TIME = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?[+-]\d\d(:\d\d)?$")
EXECUTE = re.compile(r" execute [^:]+: (.*)$")
SLOT = re.compile(r"\(slot \+ \$(\d+)\) % (\d+)")
PARAM = re.compile(r"\$(\d+) = (NULL|'((?:[^']|'')*)')")


def entries(lines):
    """Yields (header, text, detail) for each logged statement; continuation lines start with a tab."""
    current = None
    for line in lines:
        if STAMP.match(line):
            if "DETAIL:  parameters:" in line and current is not None:
                current[2] = line
                continue
            if current is not None:
                yield current
            current = [line, "", None]
            statement = EXECUTE.search(line)
            if statement:
                current[1] = statement.group(1)
        elif current is not None:
            current[1] += "\n" + line.lstrip("\t")
    if current is not None:
        yield current


def last(all_entries, marker):
    found = [e for e in all_entries if marker in e[0]]
    if not found:
        sys.exit(f"transition_sql.py: no '{marker}' statement in the log")
    return found[-1]


def cast(value):
    """The type the server's parameter had, as its text shows: pgbench sends every value untyped."""
    if re.fullmatch(r"-?\d+", value):
        return "::int8"
    if UUID.match(value):
        return "::uuid"
    if TIME.match(value):
        return "::timestamptz"
    if value.startswith("\\x"):
        return "::bytea"
    return "::text"


def literal(value):
    if value is None:
        return "NULL"
    return "'" + value.replace("'", "''") + "'" + cast(value)


def script(entry, own, used):
    """The statement with its parameters replaced; counts the application's own values in `used`."""
    _, text, detail = entry
    values = {}
    for number, raw, inner in PARAM.findall(detail or ""):
        values[int(number)] = None if raw == "NULL" else inner.replace("''", "'")
    by_value = {str(value): name for name, value in own.items()}
    # The slot a decision tries first is spread per request; a constant would send every client to one slot.
    spread = {int(number): int(slots) for number, slots in SLOT.findall(text)}

    def replace(match):
        number = int(match.group(1))
        if number in spread:
            return ":slot_offset::int8"
        value = values[number]
        name = by_value.get(value) if value is not None else None
        if name is not None:
            used[name] = used.get(name, 0) + 1
            return f":{name}{cast(value)}"
        return literal(value)

    return re.sub(r"\$(\d+)", replace, text.strip()) + ";", set(spread.values())


def main():
    log_path, row_path = sys.argv[1], sys.argv[2]
    with open(log_path, encoding="utf-8", errors="replace") as log:
        all_entries = list(entries(log.read().splitlines()))
    with open(row_path, encoding="utf-8") as row:
        own = json.load(row)
    read = last(all_entries, "execute coopcase_ReadForAction:")
    write = last(all_entries, "execute coopcase_Unlocked<")
    print("\\set i :i + 1")
    print("SELECT " + ", ".join(own) + " FROM bench_queue WHERE client = :client_id AND n = :i \\gset")
    used = {}
    statements, slot_counts = zip(*(script(entry, own, used) for entry in (read, write)))
    for slots in set().union(*slot_counts):
        print(f"\\set slot_offset random(0, {slots - 1})")
    print("\n".join(statements))
    # What was replayed, for the record.
    names = [entry[0].split(" execute ")[1].split(":")[0] for entry in (read, write)]
    per_application = ", ".join(f"{name} ×{times}" for name, times in used.items())
    print(f"{' and '.join(names)}; per application: {per_application}", file=sys.stderr)


if __name__ == "__main__":
    main()
