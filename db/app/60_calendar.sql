-- Working time and case time limits, the same rule as plugin/core/working_calendar.py (a
-- database test proves both give the same deadlines): make-up working days are working days,
-- holidays are not, otherwise Monday to Friday; the clock runs only inside the working periods,
-- in the city's time zone; a working day is a full day's working time. All from the city profile.

CREATE FUNCTION assetreg_app.is_working_day(day date) RETURNS boolean
    LANGUAGE sql STABLE AS $$
    SELECT CASE
               WHEN p.body -> 'working_calendar' -> 'makeup_workdays' ? day::text THEN true
               WHEN p.body -> 'working_calendar' -> 'holidays' ? day::text THEN false
               ELSE extract(isodow FROM day) < 6
           END
      FROM assetreg.city_profile p
$$;

CREATE FUNCTION assetreg_app.working_deadline(start_at timestamptz, amount numeric, unit text) RETURNS timestamptz
    LANGUAGE plpgsql STABLE AS $$
DECLARE
    profile jsonb := (SELECT p.body FROM assetreg.city_profile p);
    zone text := profile ->> 'timezone';
    periods jsonb := profile -> 'working_calendar' -> 'working_hours';
    local_start timestamp := start_at AT TIME ZONE zone;
    day date := (start_at AT TIME ZONE zone)::date;
    remaining interval;
    period jsonb;
    opens timestamp;
    closes timestamp;
    begins timestamp;
BEGIN
    IF unit = 'calendar_hours' THEN  -- day and night, holidays too: an emergency repair runs through the night
        RETURN start_at + amount::float8 * interval '1 hour';
    ELSIF unit = 'working_hours' THEN
        remaining := amount::float8 * interval '1 hour';
    ELSIF unit = 'working_days' THEN
        SELECT amount::float8 * sum((p ->> 1)::time - (p ->> 0)::time) INTO remaining FROM jsonb_array_elements(periods) p;
    ELSE
        PERFORM assetreg_app.refuse('AR001', 'refusal.calendar.unknown_unit', jsonb_build_object('unit', unit));
    END IF;
    FOR searched IN 0..3660 LOOP
        IF assetreg_app.is_working_day(day) THEN
            FOR period IN SELECT * FROM jsonb_array_elements(periods) LOOP
                opens := day + (period ->> 0)::time;
                closes := day + (period ->> 1)::time;
                CONTINUE WHEN closes <= local_start;
                begins := greatest(opens, local_start);
                IF remaining <= closes - begins THEN
                    RETURN (begins + remaining) AT TIME ZONE zone;
                END IF;
                remaining := remaining - (closes - begins);
            END LOOP;
        END IF;
        day := day + 1;
    END LOOP;
    PERFORM assetreg_app.refuse('AR001', 'refusal.calendar.not_enough_time');
    RETURN NULL;  -- not reached: refuse raises
END
$$;

SELECT assetreg_app.comment_on('FUNCTION', 'assetreg_app.working_deadline(timestamptz, numeric, text)', 'object.working_deadline');

-- The time limit ('handling' or 'closing') of a matter class and urgency: the most specific
-- rule of the profile's case_time_limits (class and urgency, then class, then urgency, then the
-- default), as {"amount": …, "unit": …}.
CREATE FUNCTION assetreg_app.case_time_limit(matter_class text, urgency text, which text) RETURNS jsonb
    LANGUAGE sql STABLE AS $$
    SELECT coalesce(
        (SELECT r.rule -> which
           FROM assetreg.city_profile p,
                jsonb_array_elements(p.body -> 'case_time_limits' -> 'rules') WITH ORDINALITY AS r(rule, ord)
          WHERE (NOT r.rule ? 'matter_class' OR r.rule ->> 'matter_class' = matter_class)
            AND (NOT r.rule ? 'urgency' OR r.rule ->> 'urgency' = urgency)
          ORDER BY 2 * (r.rule ? 'matter_class')::int + (r.rule ? 'urgency')::int DESC, r.ord
          LIMIT 1),
        (SELECT p.body -> 'case_time_limits' -> 'default' -> which FROM assetreg.city_profile p))
$$;

CREATE FUNCTION assetreg_app.case_due(matter_class text, urgency text, which text, start_at timestamptz) RETURNS timestamptz
    LANGUAGE sql STABLE AS $$
    SELECT assetreg_app.working_deadline(start_at, (l ->> 'amount')::numeric, l ->> 'unit')
      FROM assetreg_app.case_time_limit(matter_class, urgency, which) l
$$;
