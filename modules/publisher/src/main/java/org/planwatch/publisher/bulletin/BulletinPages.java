package org.planwatch.publisher.bulletin;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.planwatch.bulletins.BulletinFigures;
import org.planwatch.events.avro.Bulletin;
import org.planwatch.events.avro.StatusHealth;
import org.planwatch.publisher.desk.DeskDoor;
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

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    BulletinPages(DeskDoor door, BulletinService service, BulletinDocuments documents, WebProperties web) {
        this.door = door;
        this.service = service;
        this.documents = documents;
        this.web = web;
    }

    @GetMapping
    String list(HttpServletRequest request, HttpServletResponse response, Model model) {
        String refused = door.admitCityWide(request, response, model);
        if (refused != null) {
            return refused;
        }
        model.addAttribute("bulletins",
                service.list(DeskDoor.caller(request)).stream().map(s -> Listed.of(s, web.zone())).toList());
        return "desk/bulletins";
    }

    /** A row of the list, in Chinese. */
    record Listed(int number, String state, String stateLabel, String period, String generated, Integer corrects,
            long red, long yellow, int total) {

        static Listed of(BulletinLedger.Summary s, ZoneId zone) {
            return new Listed(s.number(), s.state().name().toLowerCase(Locale.ROOT),
                    BulletinFigures.stateLabel(s.state()), s.periodFrom() + " 至 " + s.periodTo(),
                    MINUTE.format(s.generatedAt().atZone(zone)), s.corrects(), s.byHealth().get(StatusHealth.OFF_TRACK),
                    s.byHealth().get(StatusHealth.AT_RISK), s.total());
        }
    }

    @PostMapping
    String generate(@RequestParam(required = false) Integer corrects, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        String refused = door.admitCityWide(request, response, model);
        if (refused != null) {
            return refused;
        }
        try {
            Bulletin made = service.generate(DeskDoor.caller(request), corrects);
            return "redirect:/ui/desk/bulletins/" + made.getNumber();
        }
        catch (ProblemException | KafkaUnavailableException e) {
            return message(response, model, e);
        }
    }

    /** The printable bulletin: every section, as the PDF has it. */
    @GetMapping("/{number}")
    String bulletin(@PathVariable int number, HttpServletRequest request, HttpServletResponse response, Model model) {
        String refused = door.admitCityWide(request, response, model);
        if (refused != null) {
            return refused;
        }
        try {
            Bulletin bulletin = service.read(DeskDoor.caller(request), number);
            model.addAttribute("bulletin", bulletin);
            model.addAttribute("state", bulletin.getState().name().toLowerCase(Locale.ROOT));
            model.addAttribute("f", documents.figures(bulletin));
            model.addAttribute("publicWithNotes",
                    bulletin.getItems().stream().filter(i -> i.getPublic$() && i.getNote() != null).toList());
            return "desk/bulletin";
        }
        catch (ProblemException e) {
            return message(response, model, e);
        }
    }

    @GetMapping("/{number}/pdf")
    ResponseEntity<byte[]> pdf(@PathVariable int number, HttpServletRequest request, HttpServletResponse response,
            Model model) {
        ResponseEntity<byte[]> refused = refuse(request, response, model);
        if (refused != null) {
            return refused;
        }
        return BulletinController.download(documents.pdf(service.read(DeskDoor.caller(request), number)),
                MediaType.APPLICATION_PDF, BulletinDocuments.fileName(number, "pdf"));
    }

    @GetMapping("/{number}/xlsx")
    ResponseEntity<byte[]> xlsx(@PathVariable int number, HttpServletRequest request, HttpServletResponse response,
            Model model) {
        ResponseEntity<byte[]> refused = refuse(request, response, model);
        if (refused != null) {
            return refused;
        }
        return BulletinController.download(documents.xlsx(service.read(DeskDoor.caller(request), number)),
                BulletinController.XLSX, BulletinDocuments.fileName(number, "xlsx"));
    }

    /** A download's refusal: signed out goes to sign in, a department gets 403. */
    private ResponseEntity<byte[]> refuse(HttpServletRequest request, HttpServletResponse response, Model model) {
        String refused = door.admitCityWide(request, response, model);
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

    @PostMapping("/{number}/approve")
    String approve(@PathVariable int number, @RequestParam(required = false) List<String> publicNotes,
            HttpServletRequest request, HttpServletResponse response, Model model) {
        Set<String> notes = publicNotes == null ? Set.of() : new HashSet<>(publicNotes);
        return step(request, response, model, number, () -> service.approve(DeskDoor.caller(request), number, notes));
    }

    @PostMapping("/{number}/publish")
    String publish(@PathVariable int number, HttpServletRequest request, HttpServletResponse response, Model model) {
        return step(request, response, model, number, () -> service.publish(DeskDoor.caller(request), number));
    }

    @PostMapping("/{number}/withdraw")
    String withdraw(@PathVariable int number, @RequestParam(required = false) String reason, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        return step(request, response, model, number, () -> service.withdraw(DeskDoor.caller(request), number,
                reason == null || reason.isBlank() ? null : reason.strip()));
    }

    private String step(HttpServletRequest request, HttpServletResponse response, Model model, int number,
            Runnable step) {
        String refused = door.admitCityWide(request, response, model);
        if (refused != null) {
            return refused;
        }
        try {
            step.run();
            return "redirect:/ui/desk/bulletins/" + number;
        }
        catch (ProblemException | KafkaUnavailableException e) {
            return message(response, model, e);
        }
    }

    private static String message(HttpServletResponse response, Model model, RuntimeException e) {
        int status = e instanceof ProblemException p ? p.problem().getStatus() : 503;
        response.setStatus(status);
        model.addAttribute("message", switch (status) {
            case 404 -> "没有这一期通报。";
            case 409 -> "该期通报当前状态不允许此操作（已发布的通报不能修改，更正请生成新一期）。";
            default -> "暂时无法完成，请稍后重试：" + e.getMessage();
        });
        return "desk/message";
    }

}
