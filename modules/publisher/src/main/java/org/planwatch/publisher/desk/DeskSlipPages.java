package org.planwatch.publisher.desk;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.planwatch.access.AccessDeniedException;
import org.planwatch.access.Caller;
import org.planwatch.events.avro.SupervisionKind;
import org.planwatch.publisher.problem.FieldProblem;
import org.planwatch.publisher.plan.PlanView;
import org.planwatch.publisher.problem.InvalidInputException;
import org.planwatch.publisher.problem.KafkaUnavailableException;
import org.planwatch.publisher.problem.SlipException;
import org.planwatch.publisher.problem.UnknownInitiativeException;
import org.planwatch.publisher.supervision.SlipList;
import org.planwatch.publisher.supervision.SlipLabels;
import org.planwatch.publisher.supervision.SlipRequests;
import org.planwatch.publisher.supervision.SlipService;
import org.planwatch.publisher.web.WebProperties;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The desk's side of the supervision loop: 督办 lists every slip (late first) with the
 * check's forms, and an initiative's page issues slips and escalates or withdraws them.
 * Each form posts, then redirects back (post/redirect/get); the slip shows its new state
 * once it is on {@code initiative-status}, about a second later.
 */
@Controller
@RequestMapping("/ui/desk")
class DeskSlipPages {

    private final DeskDoor door;

    private final SlipService slips;

    private final SlipList list;

    private final WebProperties web;

    private final DeskPlans plans;

    private final DeskView desk;

    DeskSlipPages(DeskDoor door, SlipService slips, SlipList list, WebProperties web, PlanView plans, DeskView desk) {
        this.door = door;
        this.slips = slips;
        this.list = list;
        this.web = web;
        this.plans = new DeskPlans(plans);
        this.desk = desk;
    }

    /**
     * 督办: every slip of a plan (or of all) by state, department and colour, late first.
     */
    @GetMapping("/slips")
    String slips(@RequestParam(required = false) String plan, @RequestParam(required = false) String state,
            @RequestParam(required = false) String department, @RequestParam(required = false) String colour,
            @RequestParam(required = false) String done, HttpServletRequest request, HttpServletResponse response,
            Model model) {
        String refused = door.admit(request, response, model);
        if (refused != null) {
            return refused;
        }
        String s = blank(state) ? "open" : state;
        Caller caller = DeskDoor.caller(request);
        DeskPlans.Scope scope = plans.scope(caller, blank(plan) ? null : plan, desk.all()).orElse(null);
        if (scope == null) {
            return message(response, model, 404, "没有找到该计划。");
        }
        model.addAttribute("scope", scope);
        try {
            model.addAttribute("cards", list.cards(caller, scope.planId(), s, blank(department) ? null : department,
                    blank(colour) ? null : colour));
        }
        catch (InvalidInputException e) {
            return message(response, model, 400, "筛选条件无效：" + e.problems().get(0).message());
        }
        model.addAttribute("state", s);
        model.addAttribute("department", blank(department) ? "" : department);
        model.addAttribute("colour", blank(colour) ? "" : colour);
        model.addAttribute("done", done);
        model.addAttribute("web", web);
        return "desk/slips";
    }

    /** Issue a slip from the initiative's page (prefilled from a 待关注 row). */
    @PostMapping("/initiatives/{id}/slips")
    String issue(@PathVariable String id, @RequestParam(required = false) String eventId,
            @RequestParam(required = false) String colour, @RequestParam(required = false) String condition,
            @RequestParam(required = false) String reason, @RequestParam(required = false) String requirement,
            @RequestParam(required = false) String signBy, @RequestParam(required = false) String answerBy,
            HttpServletRequest request, HttpServletResponse response, Model model) {
        String refused = door.admit(request, response, model);
        if (refused != null) {
            return refused;
        }
        return act(response, model, () -> {
            slips.issue(DeskDoor.caller(request), id, new SlipRequests.Issue(blank(eventId) ? null : eventId, null,
                    colour, condition, reason, requirement, endOf(signBy, "signBy"), endOf(answerBy, "answerBy")));
            return "redirect:/ui/desk/initiatives/" + id + "?done=issued#slips";
        });
    }

    /** Check an answered slip (close or return), escalate or withdraw an open one. */
    @PostMapping("/initiatives/{id}/slips/{slipId}/{action}")
    String step(@PathVariable String id, @PathVariable String slipId, @PathVariable String action,
            @RequestParam(required = false) String eventId, @RequestParam(required = false) String text,
            @RequestParam(required = false) String colour, @RequestParam(required = false) String back,
            HttpServletRequest request, HttpServletResponse response, Model model) {
        String refused = door.admit(request, response, model);
        if (refused != null) {
            return refused;
        }
        Caller caller = DeskDoor.caller(request);
        SupervisionKind kind = switch (action) {
            case "close" -> SupervisionKind.CLOSED;
            case "return" -> SupervisionKind.RETURNED;
            case "withdraw" -> SupervisionKind.WITHDRAWN;
            case "escalate" -> SupervisionKind.ESCALATED;
            default -> null;
        };
        if (kind == null) {
            return message(response, model, 404, "没有这项操作。");
        }
        String to = "list".equals(back) ? "redirect:/ui/desk/slips?done=" + action
                : "redirect:/ui/desk/initiatives/" + id + "?done=" + action + "#slips";
        return act(response, model, () -> {
            if (kind == SupervisionKind.ESCALATED) {
                slips.escalate(caller, id, slipId,
                        new SlipRequests.Escalate(blank(eventId) ? null : eventId, colour, text));
            }
            else {
                slips.supervise(caller, id, slipId, kind, new SlipRequests.Note(blank(eventId) ? null : eventId, text));
            }
            return to;
        });
    }

    private interface Step {

        String run();

    }

    /** The step's own answer, or a page that says in Chinese why it was not taken. */
    private String act(HttpServletResponse response, Model model, Step step) {
        try {
            return step.run();
        }
        catch (InvalidInputException e) {
            return message(response, model, 400, "未通过检查：" + String.join("；",
                    e.problems().stream().map(p -> SlipLabels.field(p.field()) + p.message()).toList()));
        }
        catch (SlipException e) {
            return message(response, model, e.problem().getStatus(), "未能办理：" + e.getMessage());
        }
        catch (UnknownInitiativeException e) {
            return message(response, model, 404, "没有找到该事项。");
        }
        catch (AccessDeniedException e) {
            return message(response, model, 403, "无权办理该督办单。");
        }
        catch (KafkaUnavailableException e) {
            response.setHeader(HttpHeaders.RETRY_AFTER, "5");
            return message(response, model, 503, "暂时无法提交（消息服务不可用），请稍后重试，不会重复办理。");
        }
    }

    private String message(HttpServletResponse response, Model model, int status, String message) {
        response.setStatus(status);
        model.addAttribute("message", message);
        return "desk/message";
    }

    /**
     * A date from the form means the end of that working day, 18:00 in the plan's zone.
     */
    private Instant endOf(String date, String field) {
        if (blank(date)) {
            return null;
        }
        try {
            return LocalDate.parse(date).atTime(LocalTime.of(18, 0)).atZone(web.zone()).toInstant();
        }
        catch (DateTimeParseException e) {
            throw new InvalidInputException(List.of(new FieldProblem(field, "is not a date (yyyy-mm-dd)")));
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

}
