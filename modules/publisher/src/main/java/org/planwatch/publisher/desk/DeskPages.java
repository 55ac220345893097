package org.planwatch.publisher.desk;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.planwatch.access.Caller;
import org.planwatch.events.avro.Initiative;
import org.planwatch.events.avro.InitiativeStatus;
import org.planwatch.events.avro.StatusCondition;
import org.planwatch.events.avro.StatusSample;
import org.planwatch.events.avro.TrajectoryPoint;
import org.planwatch.publisher.catalog.CatalogView;
import org.planwatch.publisher.plan.PlanView;
import org.planwatch.publisher.supervision.SlipLabels;
import org.planwatch.publisher.supervision.SlipList;
import org.planwatch.publisher.web.SignedIn;
import org.planwatch.publisher.web.StatusLookup;
import org.planwatch.publisher.web.WebProperties;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.JsonNode;

/**
 * The supervisors' desk (督查工作台), {@code /ui/desk/}: the whole plan from {@link DeskView},
 * for supervisor and admin tokens signed in as on the department page. A department's
 * cookie gets 403 on every desk page; a browser without one is sent to sign in.
 * Server-rendered: the one chart draws from a table that is on the page anyway.
 */
@Controller
@RequestMapping("/ui/desk")
class DeskPages {

    private final DeskView desk;

    private final CatalogView catalog;

    private final StatusLookup lookup;

    private final DeskRows rows;

    private final WebProperties web;

    private final Clock clock;

    private final DeskDoor door;

    private final SlipList slips;

    private final DeskPlans plans;

    DeskPages(DeskView desk, CatalogView catalog, StatusLookup lookup, WebProperties web, Clock clock, DeskDoor door,
            SlipList slips, PlanView plans) {
        this.door = door;
        this.plans = new DeskPlans(plans);
        this.slips = slips;
        this.desk = desk;
        this.catalog = catalog;
        this.lookup = lookup;
        this.rows = new DeskRows(web);
        this.web = web;
        this.clock = clock;
    }

    /** 全区总览: counts, then every initiative (filtered, sorted, paged) with its light. */
    @GetMapping({ "", "/" })
    String overview(@RequestParam(required = false) String program, @RequestParam(required = false) String department,
            @RequestParam(required = false) String light, @RequestParam(defaultValue = "false") boolean stalled,
            @RequestParam(defaultValue = "false") boolean silent, @RequestParam(defaultValue = "false") boolean overdue,
            @RequestParam(defaultValue = "false") boolean forecastLate, @RequestParam(required = false) String q,
            @RequestParam(defaultValue = "variance") String sort, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size, @RequestParam(required = false) String plan,
            HttpServletRequest request, HttpServletResponse response, Model model) {
        String refused = door.admit(request, response, model);
        if (refused != null) {
            return refused;
        }
        DeskPlans.Scope scope = scope(plan, request, response, model);
        if (scope == null) {
            return "desk/message";
        }
        DeskQuery.Filter filter = new DeskQuery.Filter(blankToNull(program), blankToNull(department),
                DeskQuery.Light.parse(light), stalled, silent, overdue, forecastLate, q);
        DeskQuery.Sort order = DeskQuery.Sort.parse(sort);
        int pageSize = DeskQuery.SIZES.contains(size) ? size : 50;
        var all = scope.statuses();
        DeskQuery.Page<InitiativeStatus> found = DeskQuery.overview(all, filter, order, page, pageSize);
        Instant now = clock.instant();
        DeskQuery.Counts counts = DeskQuery.counts(all);
        model.addAttribute("counts", counts);
        model.addAttribute("rows", found.items().stream().map(s -> rows.row(s, now)).toList());
        model.addAttribute("found", found);
        model.addAttribute("filter", filter);
        model.addAttribute("sort", order.param());
        model.addAttribute("lights", DeskQuery.Light.values());
        model.addAttribute("programs", names(counts.byProgram().keySet(), true));
        model.addAttribute("departments", names(counts.byDepartment().keySet(), false));
        model.addAttribute("query", query(filter, order.param(), pageSize, scope.planId()));
        model.addAttribute("departmentName",
                filter.department() == null ? null : web.departmentName(filter.department()));
        return "desk/overview";
    }

    /** 待关注: one row per initiative in any condition, worst and longest-held first. */
    @GetMapping("/attention")
    String attention(@RequestParam(required = false) String plan, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        String refused = door.admit(request, response, model);
        if (refused != null) {
            return refused;
        }
        DeskPlans.Scope scope = scope(plan, request, response, model);
        if (scope == null) {
            return "desk/message";
        }
        Instant now = clock.instant();
        model.addAttribute("rows", DeskQuery.attention(scope.statuses()).stream().map(s -> rows.row(s, now)).toList());
        return "desk/attention";
    }

    /**
     * 部门: per department, its lights, how many are stalled and silent, and its mean
     * shortfall.
     */
    @GetMapping("/departments")
    String departments(@RequestParam(required = false) String plan, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        String refused = door.admit(request, response, model);
        if (refused != null) {
            return refused;
        }
        DeskPlans.Scope scope = scope(plan, request, response, model);
        if (scope == null) {
            return "desk/message";
        }
        model.addAttribute("lines", DeskQuery.departments(scope.statuses()));
        model.addAttribute("lights", DeskQuery.Light.values());
        model.addAttribute("web", web);
        return "desk/departments";
    }

    /**
     * One initiative: its trajectory against its reports (chart and table), KPIs,
     * milestones, history.
     */
    @GetMapping("/initiatives/{id}")
    String initiative(@PathVariable String id, @RequestParam(required = false) String issue, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        String refused = door.admit(request, response, model);
        if (refused != null) {
            return refused;
        }
        InitiativeStatus status = desk.get(id).orElse(null);
        Initiative initiative = catalog.get(id).orElse(null);
        Caller caller = DeskDoor.caller(request);
        boolean known = status != null && initiative != null;
        if (known ? !plans.oversees(caller, status) : !caller.seesUnknownIds()) {
            // Another district's, or unknown to a district's supervisor: the same answer.
            response.setStatus(403);
            model.addAttribute("message", "无权查看该事项：它不在本辖区的计划中。");
            return "desk/message";
        }
        if (!known) {
            response.setStatus(404);
            model.addAttribute("message", "没有找到该事项。");
            return "desk/message";
        }
        Instant now = clock.instant();
        DeskRows.Row row = rows.row(status, now);
        model.addAttribute("row", row);
        model.addAttribute("status", status);
        model.addAttribute("entry", initiative);
        model.addAttribute("closedDay", rows.day(status.getClosedAt()));
        model.addAttribute("points", chart(initiative, status));
        model.addAttribute("forecast", rows.day(status.getForecastCompletion()));
        model.addAttribute("kpis", status.getKpis());
        model.addAttribute("milestones", status.getMilestones()
            .stream()
            .map(m -> new Milestone(m.getName(), m.getPlannedDate() == null ? null : m.getPlannedDate().toString(),
                    rows.day(m.getReachedAt())))
            .toList());
        JsonNode history = lookup.history(SignedIn.token(request), id).orElse(null);
        model.addAttribute("history", history == null ? null : history(history));
        model.addAttribute("slips", slips.cards(status));
        // 发督办单 from a 待关注 row names its worst condition: the form starts from it.
        StatusCondition condition = condition(issue);
        model.addAttribute("issueCondition", condition == null ? null : condition.name());
        model.addAttribute("issueColour", SlipLabels.colourFor(condition == null ? null : condition.name()));
        model.addAttribute("issueReason", condition == null ? "" : reason(row, ConditionNames.of(condition)));
        model.addAttribute("signBy", LocalDate.ofInstant(now, web.zone()).plusDays(1).toString());
        model.addAttribute("answerBy", LocalDate.ofInstant(now, web.zone()).plusDays(7).toString());
        return "desk/initiative";
    }

    record Milestone(String name, String planned, String reached) {
    }

    /** The condition a {@code ?issue=} names, or null for none. */
    private static StatusCondition condition(String issue) {
        for (StatusCondition condition : StatusCondition.values()) {
            if (condition.name().equalsIgnoreCase(issue)) {
                return condition;
            }
        }
        return null;
    }

    /**
     * The reason a prefilled slip starts with: the condition, since when, and the
     * figures.
     */
    private static String reason(DeskRows.Row row, String conditionName) {
        String since = row.conditions()
            .stream()
            .filter(c -> c.name().equals(conditionName))
            .map(DeskRows.Condition::since)
            .findFirst()
            .orElse(null);
        return conditionName + (since == null ? "" : "（自 " + since + "）") + "：进度 " + row.progress() + "%，序时进度 "
                + row.expected() + "%。";
    }

    /**
     * One figure of the chart, and of the table under it: {@code series} is 计划, 实际 or 预测.
     */
    record Point(String series, String date, long percent) {
    }

    record Report(String occurredAt, String reportedBy, String percent, String note, String supersedes,
            String supersededBy) {
    }

    private List<Point> chart(Initiative initiative, InitiativeStatus status) {
        List<Point> points = new ArrayList<>();
        Map<LocalDate, Double> planned = new TreeMap<>();
        planned.put(initiative.getStartDate(), 0.0);
        for (TrajectoryPoint p : initiative.getTrajectory()) {
            planned.put(p.getDate(), p.getExpected());
        }
        planned.putIfAbsent(initiative.getDueDate().plusDays(1), 1.0);
        planned.forEach((date, expected) -> points.add(new Point("计划", date.toString(), Math.round(expected * 100))));
        StatusSample last = null;
        for (StatusSample s : status.getSamples()) {
            points.add(new Point("实际", rows.day(s.getAt()), Math.round(s.getProgress() * 100)));
            last = s;
        }
        if (last != null && status.getForecastCompletion() != null) {
            points.add(new Point("预测", rows.day(last.getAt()), Math.round(last.getProgress() * 100)));
            points.add(new Point("预测", rows.day(status.getForecastCompletion()), 100));
        }
        return points;
    }

    private List<Report> history(JsonNode page) {
        List<Report> reports = new ArrayList<>();
        for (JsonNode e : page.path("events")) {
            String at = e.path("occurredAt").isString() ? rows.day(Instant.parse(e.path("occurredAt").asString())) : "";
            reports.add(new Report(at, e.path("reportedBy").asString(""),
                    e.path("percentComplete").isNumber() ? e.path("percentComplete").asString() + "%" : "—",
                    e.path("note").asString(""), text(e, "supersedes"), text(e, "supersededBy")));
        }
        return reports;
    }

    private static String text(JsonNode node, String field) {
        return node.path(field).isString() ? node.path(field).asString() : null;
    }

    record Option(String id, String name) {
    }

    private List<Option> names(Iterable<String> ids, boolean programs) {
        List<Option> options = new ArrayList<>();
        ids.forEach(id -> options.add(new Option(id, programs ? web.programName(id) : web.departmentName(id))));
        return options;
    }

    /** The filter and sort as a query string, to which paging links add their page. */
    /**
     * The page's plan (null: the city view over every plan not archived), with the plan
     * switcher in the model; null, with the message page's model, for an unknown plan.
     */
    private DeskPlans.Scope scope(String plan, HttpServletRequest request, HttpServletResponse response, Model model) {
        DeskPlans.Scope scope = plans.scope(DeskDoor.caller(request), blankToNull(plan), desk.all()).orElse(null);
        if (scope == null) {
            response.setStatus(404);
            model.addAttribute("message", "没有找到该计划。");
            return null;
        }
        model.addAttribute("scope", scope);
        return scope;
    }

    private static String query(DeskQuery.Filter f, String sort, int size, String plan) {
        StringBuilder q = new StringBuilder("?sort=").append(sort).append("&size=").append(size);
        param(q, "plan", plan);
        param(q, "program", f.program());
        param(q, "department", f.department());
        param(q, "light", f.light() == null ? null : f.light().param());
        param(q, "stalled", f.stalled() ? "true" : null);
        param(q, "silent", f.silent() ? "true" : null);
        param(q, "overdue", f.overdue() ? "true" : null);
        param(q, "forecastLate", f.forecastLate() ? "true" : null);
        param(q, "q", f.text() == null || f.text().isBlank() ? null : f.text().strip());
        return q.toString();
    }

    private static void param(StringBuilder q, String name, String value) {
        if (value != null) {
            q.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

}
