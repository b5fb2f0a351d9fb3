// The reference list of states, territories and urban areas.
// Parameters: $areas: list of {code, name, kind, state}.
UNWIND $areas AS row
MERGE (a:Area {code: row.code})
SET a.name = row.name, a.kind = row.kind, a.state = row.state
