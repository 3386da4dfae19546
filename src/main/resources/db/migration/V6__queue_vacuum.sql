-- Every queued execution is updated twice and deleted after its retention: vacuum the queue as soon as a few
-- percent of it is dead, without the cost-based pauses, so that claims do not wade through dead index entries
-- after a burst.
ALTER TABLE queued_execution SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02,
                                  autovacuum_vacuum_cost_delay = 0);
