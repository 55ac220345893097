package org.planwatch.publisher.web;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code planwatch.web.*}: the pages for people (the department page and the supervisors'
 * desk).
 *
 * @param aggregatorUrl where the page reads each initiative's status (the aggregator's
 * API; any instance, it redirects to the owner)
 * @param statusTimeout how long the page waits for the aggregator before showing a status
 * as unknown
 * @param zone the plan's zone: a report's date means 17:00 on that day there, as in the
 * importer
 * @param departments department id to the Chinese name pages show (the demo sets them
 * from its catalog)
 * @param programs program id to its Chinese name
 */
@ConfigurationProperties("planwatch.web")
public record WebProperties(@DefaultValue("http://127.0.0.1:8081") URI aggregatorUrl,
        @DefaultValue("3s") Duration statusTimeout, @DefaultValue("Asia/Shanghai") ZoneId zone,
        Map<String, String> departments, Map<String, String> programs) {

    public WebProperties {
        departments = departments == null ? Map.of() : Map.copyOf(departments);
        programs = programs == null ? Map.of() : Map.copyOf(programs);
    }

    /**
     * A department's Chinese name ({@code planwatch.web.departments.<id>}), else its id.
     */
    public String departmentName(String id) {
        return departments.getOrDefault(id, id);
    }

    /** A program's Chinese name ({@code planwatch.web.programs.<id>}), else its id. */
    public String programName(String id) {
        return programs.getOrDefault(id, id);
    }
}
