package org.planwatch.publisher.bulletin;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.planwatch.bulletins.BulletinFigures;
import org.planwatch.events.avro.Bulletin;
import org.planwatch.events.avro.StatusHealth;
import org.planwatch.access.AccessDeniedException;
import org.planwatch.access.Caller;
import org.planwatch.publisher.desk.DeskDoor;
import org.planwatch.publisher.desk.DeskPlans;
import org.planwatch.publisher.desk.DeskView;
import org.planwatch.publisher.plan.PlanView;
import org.planwatch.publisher.problem.InvalidInputException;
import org.planwatch.publisher.problem.KafkaUnavailableException;
import org.planwatch.publisher.problem.ProblemException;
import org.planwatch.publisher.web.WebProperties;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The desk's bulletins (督查通报): the list with a generate button, each bulletin as a
 * printable page with its approve, publish and withdraw forms, and its PDF and xlsx.
 * Forms post, then redirect back (post/redirect/get).
 */
@Controller
@RequestMapping("/ui/desk/bulletins")
class BulletinPages {

    private final DeskDoor door;

    private final BulletinService service;

    private final BulletinDocuments documents;

    private final WebProperties web;

    private final DeskPlans plans;

    private final PlanView planView;

    private final DeskView desk;

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    BulletinPages(DeskDoor door, BulletinService service, BulletinDocuments documents, WebProperties web,
            PlanView planView, DeskView desk) {
        this.door = door;
        this.service = service;
        this.documents = documents;
        this.web = web;
        this.plans = new DeskPlans(planView);
        this.planView = planView;
        this.desk = desk;
    }

    /**
     * The bulletins of one plan ({@code ?plan=}) or of every plan the caller oversees,
     * with the plan switcher, and a form to generate one for a plan that is not archived.
     */
    @GetMapping
    String list(@RequestParam(required = false) String plan, HttpServletRequest request, HttpServletResponse response,
            Model model) {
        String refused = door.admit(request, response, model);
        if (refused != null) {
            return refused;
        }
        Caller caller = DeskDoor.caller(request);
        DeskPlans.Scope scope = plans.scope(caller, plan == null || plan.isBlank() ? null : plan, desk.all())
            .orElse(null);
        if (scope == null) {
            response.setStatus(404);
            model.addAttribute("message", "没有找到该计划。");
            return "desk/message";
        }
        model.addAttribute("scope", scope);
        Map<String, String> names = new HashMap<>();
        planView.all().forEach(p -> names.put(p.getId(), p.getName()));
        model.addAttribute("bulletins",
                service.list(caller, scope.planId()).stream().map(s -> Listed.of(s, names, web.zone())).toList());
        model.addAttribute("plannable", scope.lines().stream().filter(l -> !l.archived()).toList());
        // A catalog from before plans keeps bulletins of its plan-less initiatives.
        model.addAttribute("planless", caller.readsEverything() && desk.hasPlanless());
        return "desk/bulletins";
    }

    /** A row of the list, in Chinese. */
    record Listed(String id, String planName, int number, String state, String stateLabel, String period,
            String generated, Integer corrects, long red, long yellow, int total) {

        static Listed of(BulletinLedger.Summary s, Map<String, String> planNames, ZoneId zone) {
            return new Listed(s.id().toString(), s.plan() == null ? "" : planNames.getOrDefault(s.plan(), s.plan()),
                    s.number(), s.state().name().toLowerCase(Locale.ROOT), BulletinFigures.stateLabel(s.state()),
                    s.periodFrom() + " 至 " + s.periodTo(), MINUTE.format(s.generatedAt().atZone(zone)), s.corrects(),
                    s.byHealth().get(StatusHealth.OFF_TRACK), s.byHealth().get(StatusHealth.AT_RISK), s.total());
        }
    }

    @PostMapping
    String generate(@RequestParam(required = false) String plan, @RequestParam(required = false) Integer corrects,
            HttpServletRequest request, HttpServletResponse response, Model model) {
        String refused = door.admit(request, response, model);
        if (refused != null) {
            return refused;
        }
        try {
            Bulletin made = service.generate(DeskDoor.caller(request), plan == null || plan.isBlank() ? null : plan,
                    corrects);
            return "redirect:/ui/desk/bulletins/" + BulletinId.of(made);
        }
        catch (ProblemException | KafkaUnavailableException | InvalidInputException | AccessDeniedException e) {
            return message(response, model, e);
        }
    }

    /** The printable bulletin: every section, as the PDF has it. */
    @GetMapping("/{id}")
    String bulletin(@PathVariable String id, HttpServletRequest request, HttpServletResponse response, Model model) {
        String refused = door.admit(request, response, model);
        if (refused != null) {
            return refused;
        }
        try {
            Bulletin bulletin = service.read(DeskDoor.caller(request), BulletinId.parse(id));
            model.addAttribute("bulletin", bulletin);
            model.addAttribute("id", BulletinId.of(bulletin).toString());
            model.addAttribute("state", bulletin.getState().name().toLowerCase(Locale.ROOT));
            model.addAttribute("f", documents.figures(bulletin));
            model.addAttribute("publicWithNotes",
                    bulletin.getItems().stream().filter(i -> i.getPublic$() && i.getNote() != null).toList());
            return "desk/bulletin";
        }
        catch (ProblemException | AccessDeniedException e) {
            return message(response, model, e);
        }
    }

    @GetMapping("/{id}/pdf")
    ResponseEntity<byte[]> pdf(@PathVariable String id, HttpServletRequest request, HttpServletResponse response,
            Model model) {
        return document(id, "pdf", request, response, model);
    }

    @GetMapping("/{id}/xlsx")
    ResponseEntity<byte[]> xlsx(@PathVariable String id, HttpServletRequest request, HttpServletResponse response,
            Model model) {
        return document(id, "xlsx", request, response, model);
    }

    private ResponseEntity<byte[]> document(String id, String format, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        ResponseEntity<byte[]> refused = refuse(request, response, model);
        if (refused != null) {
            return refused;
        }
        BulletinId bulletin = BulletinId.parse(id);
        Bulletin read = readable(request, bulletin);
        if (read == null) {
            return notYours();
        }
        boolean pdf = "pdf".equals(format);
        return BulletinController.download(pdf ? documents.pdf(read) : documents.xlsx(read),
                pdf ? MediaType.APPLICATION_PDF : BulletinController.XLSX,
                BulletinDocuments.fileName(bulletin, format));
    }

    /** The bulletin, or null when it is of a plan the caller does not oversee. */
    private Bulletin readable(HttpServletRequest request, BulletinId bulletin) {
        try {
            return service.read(DeskDoor.caller(request), bulletin);
        }
        catch (AccessDeniedException e) {
            return null;
        }
    }

    private static ResponseEntity<byte[]> notYours() {
        return ResponseEntity.status(403)
            .contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
            .body(NOT_YOURS.getBytes(StandardCharsets.UTF_8));
    }

    private static final String NOT_YOURS = "无权查看或办理：该通报所属计划不由您的督查机构监督。";

    /** A download's refusal: signed out goes to sign in, a department gets 403. */
    private ResponseEntity<byte[]> refuse(HttpServletRequest request, HttpServletResponse response, Model model) {
        String refused = door.admit(request, response, model);
        if (refused == null) {
            return null;
        }
        if (refused.startsWith("redirect:")) {
            return ResponseEntity.status(302).location(URI.create("/ui/sign-in")).build();
        }
        return ResponseEntity.status(403)
            .contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
            .body(String.valueOf(model.getAttribute("message")).getBytes(StandardCharsets.UTF_8));
    }

    @PostMapping("/{id}/approve")
    String approve(@PathVariable String id, @RequestParam(required = false) List<String> publicNotes,
            HttpServletRequest request, HttpServletResponse response, Model model) {
        Set<String> notes = publicNotes == null ? Set.of() : new HashSet<>(publicNotes);
        BulletinId bulletin = BulletinId.parse(id);
        return step(request, response, model, bulletin,
                () -> service.approve(DeskDoor.caller(request), bulletin, notes));
    }

    @PostMapping("/{id}/publish")
    String publish(@PathVariable String id, HttpServletRequest request, HttpServletResponse response, Model model) {
        BulletinId bulletin = BulletinId.parse(id);
        return step(request, response, model, bulletin, () -> service.publish(DeskDoor.caller(request), bulletin));
    }

    @PostMapping("/{id}/withdraw")
    String withdraw(@PathVariable String id, @RequestParam(required = false) String reason, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        BulletinId bulletin = BulletinId.parse(id);
        return step(request, response, model, bulletin, () -> service.withdraw(DeskDoor.caller(request), bulletin,
                reason == null || reason.isBlank() ? null : reason.strip()));
    }

    private String step(HttpServletRequest request, HttpServletResponse response, Model model, BulletinId number,
            Runnable step) {
        String refused = door.admit(request, response, model);
        if (refused != null) {
            return refused;
        }
        try {
            step.run();
            return "redirect:/ui/desk/bulletins/" + number;
        }
        catch (ProblemException | KafkaUnavailableException | AccessDeniedException e) {
            return message(response, model, e);
        }
    }

    private static String message(HttpServletResponse response, Model model, RuntimeException e) {
        int status = e instanceof ProblemException p ? p.problem().getStatus()
                : e instanceof AccessDeniedException ? 403 : e instanceof InvalidInputException ? 400 : 503;
        response.setStatus(status);
        model.addAttribute("message", switch (status) {
            case 400 -> "请选择计划。";
            case 403 -> NOT_YOURS;
            case 404 -> "没有这一期通报或该计划。";
            case 409 -> "该期通报当前状态不允许此操作（已发布的通报不能修改，更正请生成新一期）。";
            default -> "暂时无法完成，请稍后重试：" + e.getMessage();
        });
        return "desk/message";
    }

}
