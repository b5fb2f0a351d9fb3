// Counts one pointer-eligible question of a principal against its hourly budget, durably:
// the times of its questions within the window are kept on its PointerBudget node, so a
// restart does not refill the budget. The question is allowed while fewer than $per_hour
// were asked in the window. The first SET takes the node's write lock, so concurrent
// questions (any API process) are counted one after the other.
// Parameters: $principal, $now (seconds since the epoch), $window_s, $per_hour.
MERGE (b:PointerBudget {principal: $principal})
SET b.touched = $now
WITH b, [t IN coalesce(b.asked, []) WHERE t > $now - $window_s] AS recent
WITH b, recent, size(recent) < $per_hour AS allowed
SET b.asked = CASE WHEN allowed THEN recent + [$now] ELSE recent END
RETURN allowed
