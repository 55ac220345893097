package org.planwatch.publisher.publicpage;

import java.net.URI;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.HttpServletResponse;
import org.planwatch.bulletins.BulletinFigures;
import org.planwatch.bulletins.Names;
import org.planwatch.events.avro.Bulletin;
import org.planwatch.events.avro.Plan;
import org.planwatch.publisher.plan.PlanView;
import org.planwatch.events.avro.BulletinItem;
import org.planwatch.events.avro.BulletinStep;
import org.planwatch.events.avro.BulletinStepKind;
import org.planwatch.events.avro.StatusHealth;
import org.planwatch.publisher.bulletin.BulletinService;
import org.planwatch.publisher.problem.ProblemException;
import org.planwatch.publisher.web.WebProperties;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.context.request.WebRequest;

/**
 * The public progress page (民心工程), {@code /public/}: the plan's overview and the
 * initiatives the catalog marks public, with the figures of the latest published bulletin
 * only, so nothing shows before the supervision office published it. Notes show only
 * where the approver cleared them. No token; no initiative, department or program id is
 * on the page, only names.
 */
@Controller
class PublicPage {

    private static final int MAX_QUERY = 50;

    private static final String OTHER_DEPARTMENT = "其他部门";

    private static final String OTHER_PROGRAM = "其他板块";

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");

    private final BulletinService bulletins;

    private final WebProperties web;

    private final PublicProperties properties;

    private final Names names;

    private final PlanView plans;

    PublicPage(BulletinService bulletins, WebProperties web, PublicProperties properties, PlanView plans) {
        this.bulletins = bulletins;
        this.web = web;
        this.properties = properties;
        this.plans = plans;
        // A name nobody configured would show its internal id: the public page says so
        // instead.
        this.names = new Names(id -> web.departments().getOrDefault(id, OTHER_DEPARTMENT),
                id -> web.programs().getOrDefault(id, OTHER_PROGRAM),
                id -> plans.get(id).map(Plan::getName).orElse(null), web.zone());
    }

    /** A plan with published figures, as the page's switcher links it. */
    record Published(String plan, String name, boolean shown) {
    }

    /** One public initiative as citizens see it: names and published figures, no ids. */
    record Item(String name, String programName, String departmentName, String light, String css, long progress,
            long expected, String dueDate, String note, String noteDay) {
    }

    /**
     * What the page shows of one published bulletin, built once: the page needs no token,
     * so it must be cheap.
     */
    private record View(int number, BulletinFigures figures, String publishedOn, String asOf, List<Item> items) {
    }

    /** Each plan's view ("" for plan-less), rebuilt when its plan publishes again. */
    private final Map<String, View> views = new ConcurrentHashMap<>();

    @GetMapping({ "/public", "/public/" })
    String page(@RequestParam(required = false) String q, @RequestParam(required = false) String plan,
            WebRequest request, HttpServletResponse response, Model model) {
        String query = query(q);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'; " + "frame-ancestors 'none'; form-action 'self'");
        if (!bulletins.isCaughtUp()) {
            // Not an older bulletin, nor "nothing published", kept by a proxy for a
            // minute.
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                    "The published figures are still being read; try again shortly");
            problem.setType(URI.create("/problems/unavailable"));
            problem.setTitle("Not ready");
            throw new ProblemException(problem);
        }
        // Each plan's latest published bulletin; by default the most recently made.
        List<Bulletin> latest = bulletins.latestPublished();
        Bulletin published = plan == null || plan.isBlank() ? latest.stream().findFirst().orElse(null)
                : latest.stream().filter(b -> plan.equals(b.getPlan())).findFirst().orElse(null);
        StringBuilder tag = new StringBuilder();
        latest.forEach(b -> tag.append(b.getPlan()).append(':').append(b.getNumber()).append(';'));
        String etag = "\""
                + (published == null ? "none"
                        : "b" + Integer.toHexString(tag.toString().hashCode()) + "-"
                                + Integer.toHexString(String.valueOf(published.getPlan()).hashCode()) + "-"
                                + published.getNumber())
                + "-" + Integer.toHexString(query.hashCode()) + (properties.noindex() ? "-n" : "") + "\"";
        response.setHeader(HttpHeaders.CACHE_CONTROL,
                CacheControl.maxAge(properties.maxAge()).cachePublic().getHeaderValue());
        if (properties.noindex()) {
            response.setHeader("X-Robots-Tag", "noindex");
        }
        if (request.checkNotModified(etag)) {
            return null;
        }
        model.addAttribute("noindex", properties.noindex());
        model.addAttribute("q", query);
        model.addAttribute("plans",
                latest.size() < 2 ? List.of()
                        : latest.stream()
                            .filter(b -> b.getPlan() != null)
                            .map(b -> new Published(b.getPlan(), names.planName(b.getPlan()), b == published))
                            .toList());
        model.addAttribute("plan", published == null ? null : published.getPlan());
        if (published == null) {
            return "public/index";
        }
        View shown = view(published);
        model.addAttribute("f", shown.figures());
        model.addAttribute("publishedOn", shown.publishedOn());
        model.addAttribute("asOf", shown.asOf());
        model.addAttribute("items",
                shown.items().stream().filter(i -> query.isEmpty() || i.name().contains(query)).toList());
        return "public/index";
    }

    private View view(Bulletin published) {
        String key = published.getPlan() == null ? "" : published.getPlan();
        View shown = views.get(key);
        if (shown == null || shown.number() != published.getNumber()) {
            shown = new View(published.getNumber(), BulletinFigures.of(published, names),
                    publishedOn(published, web.zone()), published.getPeriodTo().toString(),
                    published.getItems().stream().filter(BulletinItem::getPublic$).map(this::item).toList());
            views.put(key, shown);
        }
        return shown;
    }

    /** Anything else under /public is a clear 404, whatever it looks like. */
    @GetMapping("/public/**")
    void other() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "The public page is /public/; there is nothing else here");
        problem.setType(URI.create("/problems/not-found"));
        problem.setTitle("Not found");
        throw new ProblemException(problem);
    }

    private static String query(String q) {
        if (q == null || q.isBlank()) {
            return "";
        }
        String query = q.strip();
        if (query.length() > MAX_QUERY || query.codePoints().anyMatch(Character::isISOControl)) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                    "q must be at most " + MAX_QUERY + " characters of text");
            problem.setType(URI.create("/problems/invalid-input"));
            problem.setTitle("Invalid input");
            problem.setProperty("field", "q");
            throw new ProblemException(problem);
        }
        return query;
    }

    private Item item(BulletinItem i) {
        String[] light = light(i.getHealth());
        boolean note = i.getNotePublic() && i.getNote() != null;
        return new Item(i.getName(), names.programName(i.getProgram()), names.departmentName(i.getDepartment()),
                light[0], light[1], Math.round(i.getProgress() * 100), Math.round(i.getExpected() * 100),
                i.getDueDate().toString(), note ? i.getNote() : null,
                note && i.getNoteAt() != null ? DAY.format(i.getNoteAt().atZone(web.zone())) : null);
    }

    private static String[] light(StatusHealth health) {
        return switch (health) {
            case ON_TRACK -> new String[] { "正常推进", "green" };
            case AT_RISK -> new String[] { "进度偏慢", "yellow" };
            case OFF_TRACK -> new String[] { "进度滞后", "red" };
            case COMPLETED -> new String[] { "已完成", "completed" };
            case NOT_STARTED -> new String[] { "未开始", "not-started" };
        };
    }

    private static String publishedOn(Bulletin b, ZoneId zone) {
        List<BulletinStep> steps = b.getSteps();
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (steps.get(i).getKind() == BulletinStepKind.PUBLISHED) {
                return DAY.format(steps.get(i).getAt().atZone(zone));
            }
        }
        return DAY.format(b.getGeneratedAt().atZone(zone));
    }

}
