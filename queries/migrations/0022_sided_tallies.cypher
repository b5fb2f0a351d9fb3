// Version 22: the :Sided label (mention_put) on the tallies of entities that reports of
// both sides mention, and its indexes by oldest mention per side, which the national
// picture's new links read (picture_links). The indexes of every tally by oldest mention
// (0018) served only that query and go: each cost every tally write an index entry.
DROP INDEX tally_oldest_le IF EXISTS;
DROP INDEX tally_oldest_intel IF EXISTS;
CREATE INDEX sided_oldest_le IF NOT EXISTS FOR (t:Sided) ON (t.oldest_le);
CREATE INDEX sided_oldest_intel IF NOT EXISTS FOR (t:Sided) ON (t.oldest_intel);
MATCH (e:Entity)
WHERE EXISTS { (e)-[:TALLY]->(a:Tally) WHERE a.le > 0 }
  AND EXISTS { (e)-[:TALLY]->(b:Tally) WHERE b.intel > 0 }
CALL (e) {
  MATCH (e)-[:TALLY]->(t:Tally)
  SET t:Sided
} IN TRANSACTIONS OF 5000 ROWS;
