package org.planwatch.publisher.web;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.planwatch.access.AccessDeniedException;
import org.planwatch.access.Caller;
import org.planwatch.access.Role;
import org.planwatch.publisher.problem.InvalidInputException;
import org.planwatch.publisher.problem.KafkaUnavailableException;
import org.planwatch.publisher.problem.SlipException;
import org.planwatch.publisher.supervision.SlipLabels;
import org.planwatch.publisher.supervision.SlipRequests;
import org.planwatch.publisher.supervision.SlipService;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The department's side of the supervision loop, on its page: sign for a slip (签收) and
 * answer it (反馈) with the cause, the remedy and a promised date. Only the owning
 * department may; the same {@link SlipService} checks it as for the API.
 */
@Controller
@RequestMapping("/ui/initiatives/{id}/slips/{slipId}")
class DepartmentSlips {

    private final SlipService slips;

    DepartmentSlips(SlipService slips) {
        this.slips = slips;
    }

    @PostMapping("/sign")
    String sign(@PathVariable String id, @PathVariable String slipId, @RequestParam(required = false) String eventId,
            HttpServletRequest request, HttpServletResponse response, Model model) {
        Caller caller = caller(request);
        if (caller == null) {
            return refuse(request, response, model);
        }
        return act(response, model, caller,
                () -> slips.sign(caller, id, slipId, new SlipRequests.Sign(blank(eventId))));
    }

    @PostMapping("/answer")
    String answer(@PathVariable String id, @PathVariable String slipId, @RequestParam(required = false) String eventId,
            @RequestParam(required = false) String cause, @RequestParam(required = false) String remedy,
            @RequestParam(required = false) String promisedDate, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        Caller caller = caller(request);
        if (caller == null) {
            return refuse(request, response, model);
        }
        LocalDate promised;
        try {
            promised = promisedDate == null || promisedDate.isBlank() ? null : LocalDate.parse(promisedDate);
        }
        catch (DateTimeParseException e) {
            return message(response, model, caller, 400, "承诺完成日期格式不对（应为 年-月-日）。");
        }
        return act(response, model, caller, () -> slips.answer(caller, id, slipId,
                new SlipRequests.Answer(blank(eventId), cause, remedy, promised)));
    }

    private interface Step {

        void run();

    }

    private String act(HttpServletResponse response, Model model, Caller caller, Step step) {
        try {
            step.run();
            return "redirect:/ui/?slip=done#slips";
        }
        catch (InvalidInputException e) {
            return message(response, model, caller, 400, "未通过检查：" + String.join("；",
                    e.problems().stream().map(p -> SlipLabels.field(p.field()) + p.message()).toList()));
        }
        catch (SlipException e) {
            return message(response, model, caller, e.problem().getStatus(), "未能办理：" + e.getMessage());
        }
        catch (AccessDeniedException e) {
            return message(response, model, caller, 403, "该督办单不是本部门的，无法办理。");
        }
        catch (KafkaUnavailableException e) {
            response.setHeader(HttpHeaders.RETRY_AFTER, "5");
            return message(response, model, caller, 503, "暂时无法提交（消息服务不可用），请稍后重试。");
        }
    }

    private static String message(HttpServletResponse response, Model model, Caller caller, int status, String text) {
        response.setStatus(status);
        model.addAttribute("caller", caller);
        model.addAttribute("message", text);
        return "ui/message";
    }

    /**
     * Not signed in: to sign in. Signed in as a supervisor or admin: only the department
     * signs and answers.
     */
    private static String refuse(HttpServletRequest request, HttpServletResponse response, Model model) {
        if (SignedIn.caller(request).isEmpty()) {
            return "redirect:/ui/sign-in";
        }
        response.setStatus(403);
        model.addAttribute("message", "督办单由责任部门签收和反馈。");
        return "ui/message";
    }

    private static Caller caller(HttpServletRequest request) {
        return SignedIn.caller(request).filter(c -> c.role() == Role.DEPARTMENT).orElse(null);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }

}
