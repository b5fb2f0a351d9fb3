// Version 18: the indexes of the area picture. Reports by area and time (a window's
// reports, an area's newest report, one day's reports when its tally is recomputed),
// area-day tallies by area and day, and entity tallies by the oldest mention of each side
// (the entities a window first put on a side, for the national picture's new links).
CREATE INDEX report_area_reported_at IF NOT EXISTS FOR (r:Report) ON (r.area, r.reported_at);
CREATE INDEX area_day IF NOT EXISTS FOR (t:AreaDay) ON (t.area, t.day);
CREATE INDEX tally_oldest_le IF NOT EXISTS FOR (t:Tally) ON (t.oldest_le);
CREATE INDEX tally_oldest_intel IF NOT EXISTS FOR (t:Tally) ON (t.oldest_intel);
