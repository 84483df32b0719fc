-- Revision 0023, upgrade: frozen SQL, drafted by hand (case facts, issue 15).
-- Run statement by statement (each ends with a semicolon and a blank line); the placeholder
-- registry_srid in braces is the registry SRID of the city profile. Never edit a released
-- revision's file: add a revision.

CREATE TABLE assetreg.case_fact (
	work_order_id BIGINT NOT NULL,
	reported_at TIMESTAMP WITH TIME ZONE NOT NULL,
	registered_at TIMESTAMP WITH TIME ZONE,
	located_grid TEXT,
	handling_unit TEXT,
	status TEXT NOT NULL,
	closed_at TIMESTAMP WITH TIME ZONE,
	closing_deadline TIMESTAMP WITH TIME ZONE,
	handling_deadline TIMESTAMP WITH TIME ZONE,
	handled_at TIMESTAMP WITH TIME ZONE,
	rework_count INTEGER NOT NULL,
	satisfaction TEXT,
	first_dispatch_at TIMESTAMP WITH TIME ZONE,
	assignments INTEGER NOT NULL,
	settled_at TIMESTAMP WITH TIME ZONE,
	earlier_on_time INTEGER NOT NULL,
	PRIMARY KEY (work_order_id)
);

COMMENT ON TABLE assetreg.case_fact IS '案卷指标事实（由案卷及其流转派生） / A case''s facts for the indicators (derived from the case and its events)';

COMMENT ON COLUMN assetreg.case_fact.registered_at IS '立案时间（立案流转） / When registered (the register event)';

COMMENT ON COLUMN assetreg.case_fact.first_dispatch_at IS '首次派遣时间 / When first dispatched';

COMMENT ON COLUMN assetreg.case_fact.assignments IS '处置派遣数（派遣与返工后再派遣） / Handling assignments (dispatches and re-dispatches after rework)';

COMMENT ON COLUMN assetreg.case_fact.settled_at IS '各次派遣及此前各次处置的最晚时间 / The latest of the assignments and of the earlier ones'' handling';

COMMENT ON COLUMN assetreg.case_fact.earlier_on_time IS '最后一次之前按期处置的派遣数 / Assignments before the latest handled by their own deadline';

CREATE INDEX case_fact_registered_idx ON assetreg.case_fact (registered_at) WHERE registered_at IS NOT NULL;

CREATE INDEX case_fact_reported_idx ON assetreg.case_fact (reported_at);

CREATE TABLE assetreg.case_assignment_fact (
	work_order_id BIGINT NOT NULL,
	assignment INTEGER NOT NULL,
	assigned_at TIMESTAMP WITH TIME ZONE NOT NULL,
	by_rework BOOLEAN NOT NULL,
	own_deadline TIMESTAMP WITH TIME ZONE,
	handled_at TIMESTAMP WITH TIME ZONE,
	assigned_by BIGINT NOT NULL,
	PRIMARY KEY (work_order_id, assignment)
);

COMMENT ON TABLE assetreg.case_assignment_fact IS '案卷的每次处置派遣（由流转派生） / Each handling assignment of a case (derived from its events)';

COMMENT ON COLUMN assetreg.case_assignment_fact.own_deadline IS '派遣时定的处置时限 / The handling deadline set when assigned';

COMMENT ON COLUMN assetreg.case_assignment_fact.handled_at IS '此次派遣后的首次处置时间 / The first handling after this assignment';

INSERT INTO assetreg.case_assignment_fact (work_order_id, assignment, assigned_at, by_rework, own_deadline, handled_at, assigned_by)
SELECT e.work_order_id, e.assignment::integer,
       min(e.at) FILTER (WHERE e.action <> 'handle'), bool_or(e.action = 'rework'),
       max(e.handling_deadline) FILTER (WHERE e.action <> 'handle'), min(e.at) FILTER (WHERE e.action = 'handle'),
       max(e.id) FILTER (WHERE e.action <> 'handle')
  FROM (SELECT x.work_order_id, x.id, x.action, x.at, x.handling_deadline,
               count(*) FILTER (WHERE x.action IN ('dispatch', 'rework')) OVER (PARTITION BY x.work_order_id ORDER BY x.id)
                   AS assignment
          FROM assetreg.work_order_event x
         WHERE x.action IN ('dispatch', 'rework', 'handle')) e
 WHERE e.assignment > 0
 GROUP BY e.work_order_id, e.assignment;

INSERT INTO assetreg.case_fact (work_order_id, reported_at, registered_at, located_grid, handling_unit, status, closed_at,
                                closing_deadline, handling_deadline, handled_at, rework_count, satisfaction, first_dispatch_at,
                                assignments, settled_at, earlier_on_time)
SELECT w.id, w.reported_at, m.registered_at, w.located_grid, w.handling_unit, w.status, w.closed_at, w.closing_deadline,
       w.handling_deadline, w.handled_at, w.rework_count, w.satisfaction, m.first_dispatch_at,
       coalesce(a.assignments, 0), a.settled_at, coalesce(a.earlier_on_time, 0)
  FROM assetreg.work_order w
  LEFT JOIN (SELECT e.work_order_id, min(e.at) FILTER (WHERE e.action = 'register') AS registered_at,
                    min(e.at) FILTER (WHERE e.action = 'dispatch') AS first_dispatch_at
               FROM assetreg.work_order_event e
              WHERE e.action IN ('register', 'dispatch')
              GROUP BY e.work_order_id) m ON m.work_order_id = w.id
  LEFT JOIN (SELECT f.work_order_id, count(*)::integer AS assignments,
                    greatest(max(f.assigned_at), max(f.handled_at) FILTER (WHERE f.assignment < l.latest)) AS settled_at,
                    (count(*) FILTER (WHERE f.assignment < l.latest
                                        AND f.handled_at <= coalesce(f.own_deadline, o.handling_deadline)))::integer
                        AS earlier_on_time
               FROM assetreg.case_assignment_fact f
               JOIN (SELECT g.work_order_id, max(g.assignment) AS latest FROM assetreg.case_assignment_fact g
                      GROUP BY g.work_order_id) l ON l.work_order_id = f.work_order_id
               JOIN assetreg.work_order o ON o.id = f.work_order_id
              GROUP BY f.work_order_id) a ON a.work_order_id = w.id;

ANALYZE assetreg.case_fact;

ANALYZE assetreg.case_assignment_fact;

