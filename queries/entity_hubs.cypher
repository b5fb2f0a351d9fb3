// How many reports of each label name each of the given entities, for those that could be
// a hub: an entity named by more reports than a resolution decision's readers may cite
// corroborates nothing for them (namesakes). Only :Busy entities (mention_put) can be one;
// their tallies count reports by label, so the caller sums only the labels it may cite
// and a hidden report never makes a hub. No viewer filter: internal to ingest.
// Parameters: $keys: list of entity keys.
UNWIND $keys AS key
MATCH (:Busy {key: key})-[:TALLY]->(t:Tally)
RETURN key, t.vis AS vis, t.reports AS reports
