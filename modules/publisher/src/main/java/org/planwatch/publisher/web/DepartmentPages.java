package org.planwatch.publisher.web;

import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.planwatch.access.AccessDeniedException;
import org.planwatch.access.Caller;
import org.planwatch.access.Role;
import org.planwatch.access.TokenRegistry;
import org.planwatch.events.avro.Initiative;
import org.planwatch.publisher.catalog.CatalogView;
import org.planwatch.publisher.desk.DeskView;
import org.planwatch.publisher.supervision.SlipList;
import org.planwatch.publisher.problem.FieldProblem;
import org.planwatch.publisher.problem.InvalidInputException;
import org.planwatch.publisher.problem.ProblemException;
import org.planwatch.publisher.problem.KafkaUnavailableException;
import org.planwatch.publisher.report.ReportService;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.JsonNode;

/**
 * The department page, {@code /ui/}: a clerk signs in with the department token, sees the
 * department's initiatives with their status from the aggregator, posts an update,
 * uploads a spreadsheet. Server-rendered (Thymeleaf), so it works on any phone browser
 * with no script at all and has no JavaScript build. Every report goes through the same
 * {@link ReportService} as the API, with the same checks, per-initiative permission and
 * Kafka acknowledgement.
 */
@Controller
@RequestMapping("/ui")
class DepartmentPages {

    private final TokenRegistry tokens;

    private final CatalogView catalog;

    private final ReportService reports;

    private final StatusLookup statuses;

    private final SheetUpload upload;

    private final WebProperties web;

    private final Clock clock;

    private final SlipList slips;

    private final DeskView desk;

    private final SignInCookies cookies;

    DepartmentPages(TokenRegistry tokens, CatalogView catalog, ReportService reports, StatusLookup statuses,
            SheetUpload upload, WebProperties web, Clock clock, SlipList slips, DeskView desk, SignInCookies cookies) {
        this.slips = slips;
        this.desk = desk;
        this.cookies = cookies;
        this.tokens = tokens;
        this.catalog = catalog;
        this.reports = reports;
        this.statuses = statuses;
        this.upload = upload;
        this.web = web;
        this.clock = clock;
    }

    /**
     * The department's Chinese name for the page header, when a department is signed in.
     */
    @ModelAttribute("departmentName")
    String departmentName(HttpServletRequest request) {
        Caller caller = caller(request);
        return caller == null ? null : web.departmentName(caller.department());
    }

    @GetMapping("/sign-in")
    String signInPage() {
        return "ui/sign-in";
    }

    @PostMapping("/sign-in")
    String signIn(@RequestParam(defaultValue = "") String token, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        Optional<Caller> caller = token.isBlank() ? Optional.empty() : tokens.authenticate(token.strip());
        if (caller.isEmpty()) {
            response.setStatus(401);
            model.addAttribute("error", tokens.isCaughtUp() ? "令牌无效、已撤销或格式不正确，请核对后重试。" : "服务正在启动，请稍后再试。");
            return "ui/sign-in";
        }
        cookies.signIn(token.strip(), request, response);
        // Supervisors and admins work at the desk; departments report here.
        return caller.get().role() == Role.DEPARTMENT ? "redirect:/ui/" : "redirect:/ui/desk/";
    }

    @PostMapping("/sign-out")
    String signOut(HttpServletRequest request, HttpServletResponse response) {
        cookies.signOut(request, response);
        return "redirect:/ui/sign-in";
    }

    /**
     * The department's initiatives, those it leads first, each with its current status.
     */
    @GetMapping({ "", "/" })
    String home(HttpServletRequest request, Model model) {
        Caller caller = caller(request);
        if (caller == null) {
            return SignedIn.caller(request).isPresent() ? "redirect:/ui/desk/" : "redirect:/ui/sign-in";
        }
        List<Initiative> mine = mine(caller);
        Map<String, JsonNode> status = statuses.statuses(token(request), mine.stream().map(Initiative::getId).toList());
        List<Views.Card> cards = mine.stream()
            .map(i -> Views.card(i, caller, status.get(i.getId()), web.zone()))
            .toList();
        model.addAttribute("caller", caller);
        model.addAttribute("cards", cards);
        model.addAttribute("statusMissing", cards.stream().anyMatch(c -> c.status() == null));
        // Open slips on top: the department owes a signature or an answer.
        model.addAttribute("slips", slips.cards(caller, null, "open", null, null));
        model.addAttribute("today", LocalDate.now(clock.withZone(web.zone())).toString());
        return "ui/home";
    }

    @GetMapping("/initiatives/{id}")
    String initiative(@PathVariable String id, @RequestParam(required = false) String sent, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        Caller caller = caller(request);
        if (caller == null) {
            return "redirect:/ui/sign-in";
        }
        Initiative initiative = readable(caller, id);
        if (initiative == null) {
            return forbidden(response, model, caller);
        }
        ReportForm form = ReportForm.blank(initiative, newEventId(), LocalDate.now(clock.withZone(web.zone())));
        return initiativePage(request, model, caller, initiative, form, Map.of(), sent);
    }

    @PostMapping("/initiatives/{id}/reports")
    String report(@PathVariable String id, HttpServletRequest request, HttpServletResponse response, Model model) {
        Caller caller = caller(request);
        if (caller == null) {
            return "redirect:/ui/sign-in";
        }
        Initiative initiative = readable(caller, id);
        if (initiative == null) {
            return forbidden(response, model, caller);
        }
        ReportForm form = ReportForm.of(initiative, request.getParameterMap());
        ReportForm.Checked checked = form.check(web.zone(), clock);
        if (!checked.errors().isEmpty()) {
            response.setStatus(400);
            return initiativePage(request, model, caller, initiative, form, checked.errors(), null);
        }
        try {
            String eventId = reports.reportOne(caller, id, checked.request());
            // Post/redirect/get: a reload shows the page again instead of sending the
            // form again.
            return "redirect:/ui/initiatives/" + id + "?sent=" + eventId;
        }
        catch (InvalidInputException e) {
            Map<String, String> errors = new LinkedHashMap<>();
            for (FieldProblem p : e.problems()) {
                errors.putIfAbsent(ReportForm.formField(p.field()), "未通过检查：" + p.field() + " " + p.message());
            }
            response.setStatus(400);
            return initiativePage(request, model, caller, initiative, form, errors, null);
        }
        catch (AccessDeniedException e) {
            return forbidden(response, model, caller);
        }
        catch (ProblemException e) {
            // The plan closed: the initiative's final verdict stands.
            response.setStatus(e.problem().getStatus());
            return initiativePage(request, model, caller, initiative, form,
                    Map.of("form", "本计划已结束，不再接收进展报告（" + e.problem().getDetail() + "）"), null);
        }
        catch (KafkaUnavailableException e) {
            // The same form, the same eventId: sending it again later is counted once.
            response.setStatus(503);
            response.setHeader(HttpHeaders.RETRY_AFTER, "5");
            return initiativePage(request, model, caller, initiative, form,
                    Map.of("form", "暂时无法提交（消息服务不可用），请稍后再点“提交”，不会重复计数。"), null);
        }
    }

    @GetMapping("/upload")
    String uploadPage(HttpServletRequest request, Model model) {
        Caller caller = caller(request);
        if (caller == null) {
            return "redirect:/ui/sign-in";
        }
        model.addAttribute("caller", caller);
        return "ui/upload";
    }

    @PostMapping("/upload")
    String upload(@RequestParam(name = "file", required = false) MultipartFile file,
            @RequestParam(defaultValue = "false") boolean checkOnly,
            @RequestParam(defaultValue = "false") boolean skipInvalid, HttpServletRequest request,
            HttpServletResponse response, Model model) throws IOException {
        Caller caller = caller(request);
        if (caller == null) {
            return "redirect:/ui/sign-in";
        }
        model.addAttribute("caller", caller);
        if (file == null || file.isEmpty()) {
            response.setStatus(400);
            model.addAttribute("error", "请选择要上传的 .xlsx 或 .csv 文件。");
            return "ui/upload";
        }
        String name = file.getOriginalFilename() == null ? "upload" : file.getOriginalFilename();
        SheetUpload.Outcome outcome = upload.handle(caller, mine(caller), name, file.getBytes(), checkOnly,
                skipInvalid);
        if (!outcome.ok()) {
            response
                .setStatus(outcome.unavailable() > 0 && outcome.problems().size() == outcome.unavailable() ? 503 : 400);
        }
        model.addAttribute("outcome", outcome);
        return "ui/upload";
    }

    private String initiativePage(HttpServletRequest request, Model model, Caller caller, Initiative initiative,
            ReportForm form, Map<String, String> errors, String sent) {
        JsonNode status = statuses.status(token(request), initiative.getId()).orElse(null);
        model.addAttribute("caller", caller);
        model.addAttribute("card", Views.card(initiative, caller, status, web.zone()));
        model.addAttribute("initiative", initiative);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("health", ReportForm.HEALTH);
        model.addAttribute("sent", sent);
        model.addAttribute("today", LocalDate.now(clock.withZone(web.zone())).toString());
        model.addAttribute("slips", desk.get(initiative.getId()).map(slips::cards).orElse(List.of()));
        return "ui/initiative";
    }

    private String forbidden(HttpServletResponse response, Model model, Caller caller) {
        response.setStatus(403);
        model.addAttribute("caller", caller);
        model.addAttribute("message", "没有找到该事项，或它不是本部门负责或配合的事项。");
        return "ui/message";
    }

    /**
     * One answer for another department's initiative and for an unknown id, as on the
     * API.
     */
    private Initiative readable(Caller caller, String id) {
        Initiative initiative = catalog.get(id).orElse(null);
        return initiative != null && caller.mayReport(initiative.getDepartment(), initiative.getSupportingDepartments())
                ? initiative : null;
    }

    private List<Initiative> mine(Caller caller) {
        return catalog.all()
            .stream()
            .filter(i -> caller.mayReport(i.getDepartment(), i.getSupportingDepartments()))
            .sorted(Comparator.comparing((Initiative i) -> !caller.department().equals(i.getDepartment()))
                .thenComparing(Initiative::getDueDate)
                .thenComparing(Initiative::getId))
            .toList();
    }

    private static String newEventId() {
        return "web-" + UUID.randomUUID();
    }

    /** The signed-in department caller, or null: only department tokens report here. */
    private static Caller caller(HttpServletRequest request) {
        return SignedIn.caller(request).filter(c -> c.role() == Role.DEPARTMENT).orElse(null);
    }

    private static String token(HttpServletRequest request) {
        return SignedIn.token(request);
    }

}
