package org.planwatch.publisher.bulletin;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.planwatch.access.Caller;
import org.planwatch.events.avro.Bulletin;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Bulletins (督查通报) for other systems: list, generate, approve, publish, withdraw,
 * download.
 */
@Tag(name = "bulletins", description = "Supervision bulletins (督查通报): draft → approved → published")
@RestController
class BulletinController {

    static final MediaType XLSX = MediaType
        .parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    private final BulletinService service;

    private final BulletinDocuments documents;

    BulletinController(BulletinService service, BulletinDocuments documents) {
        this.service = service;
        this.documents = documents;
    }

    /**
     * A bulletin as the API shows it: its metadata, steps and counts, with links to its
     * documents.
     */
    record BulletinView(int number, String state, LocalDate periodFrom, LocalDate periodTo, Instant generatedAt,
            Integer corrects, Integer previous, int initiatives, Map<String, Long> byHealth, List<Step> steps,
            Map<String, String> links) {

        record Step(String kind, String actor, Instant at, String note) {
        }

        static BulletinView of(BulletinLedger.Summary s) {
            Map<String, Long> byHealth = new LinkedHashMap<>();
            s.byHealth().forEach((health, count) -> byHealth.put(lower(health.name()), count));
            String self = "/api/v1/bulletins/" + s.number();
            return new BulletinView(s.number(), lower(s.state().name()), s.periodFrom(), s.periodTo(), s.generatedAt(),
                    s.corrects(), s.previous(), s.total(), byHealth,
                    s.steps()
                        .stream()
                        .map(x -> new Step(lower(x.getKind().name()), x.getActor(), x.getAt(), x.getNote()))
                        .toList(),
                    Map.of("self", self, "pdf", self + "/pdf", "xlsx", self + "/xlsx", "page",
                            "/ui/desk/bulletins/" + s.number()));
        }

        static BulletinView of(Bulletin b) {
            return of(BulletinLedger.Summary.of(b, -1));
        }
    }

    record Generate(Integer corrects) {
    }

    record Approve(Set<String> publicNotes) {
    }

    record Withdraw(String reason) {
    }

    @Operation(summary = "List bulletins, newest first", description = "Supervisor and admin tokens.")
    @ApiResponse(responseCode = "200", description = "Every bulletin's metadata")
    @GetMapping("/api/v1/bulletins")
    List<BulletinView> list(Caller caller) {
        return service.list(caller).stream().map(BulletinView::of).toList();
    }

    @Operation(summary = "Generate a draft bulletin from the plan as it stands",
            description = "Supervisor and admin tokens. corrects: the number of a published bulletin this one "
                    + "corrects (a published bulletin never changes).")
    @ApiResponse(responseCode = "201", description = "The draft, numbered after the last bulletin")
    @ApiResponse(responseCode = "404", description = "corrects names no bulletin")
    @ApiResponse(responseCode = "409", description = "corrects names a bulletin that is not published")
    @ApiResponse(responseCode = "503", description = "The plan's statuses or Kafka are not available yet: retry")
    @PostMapping("/api/v1/bulletins")
    ResponseEntity<BulletinView> generate(Caller caller, @RequestBody(required = false) Generate request) {
        Bulletin made = service.generate(caller, request == null ? null : request.corrects());
        return ResponseEntity.created(URI.create("/api/v1/bulletins/" + made.getNumber())).body(BulletinView.of(made));
    }

    @Operation(summary = "One bulletin's metadata", description = "Supervisor and admin tokens.")
    @ApiResponse(responseCode = "200", description = "The bulletin")
    @ApiResponse(responseCode = "404", description = "No such bulletin")
    @GetMapping("/api/v1/bulletins/{number}")
    BulletinView get(Caller caller, @PathVariable int number) {
        return BulletinView.of(service.summary(caller, number));
    }

    @Operation(summary = "Approve a draft (审核)",
            description = "Supervisor and admin tokens. publicNotes: ids of "
                    + "public initiatives whose department note the public page may show.")
    @ApiResponse(responseCode = "200", description = "Approved")
    @ApiResponse(responseCode = "404", description = "No such bulletin")
    @ApiResponse(responseCode = "409",
            description = "Published, withdrawn, or approved with other notes (problem+json, with state)")
    @PostMapping("/api/v1/bulletins/{number}/approve")
    BulletinView approve(Caller caller, @PathVariable int number, @RequestBody(required = false) Approve request) {
        return BulletinView.of(service.approve(caller, number, request == null ? null : request.publicNotes()));
    }

    @Operation(summary = "Publish an approved bulletin (发布)",
            description = "Supervisor and admin tokens. The " + "public page then shows its figures.")
    @ApiResponse(responseCode = "200", description = "Published")
    @ApiResponse(responseCode = "404", description = "No such bulletin")
    @ApiResponse(responseCode = "409", description = "A draft or withdrawn (problem+json, with state)")
    @PostMapping("/api/v1/bulletins/{number}/publish")
    BulletinView publish(Caller caller, @PathVariable int number) {
        return BulletinView.of(service.publish(caller, number));
    }

    @Operation(summary = "Withdraw a draft or an approved bulletin", description = "Supervisor and admin tokens.")
    @ApiResponse(responseCode = "200", description = "Withdrawn")
    @ApiResponse(responseCode = "404", description = "No such bulletin")
    @ApiResponse(responseCode = "409", description = "Published: it never changes (problem+json, with state)")
    @PostMapping("/api/v1/bulletins/{number}/withdraw")
    BulletinView withdraw(Caller caller, @PathVariable int number, @RequestBody(required = false) Withdraw request) {
        return BulletinView.of(service.withdraw(caller, number, request == null ? null : request.reason()));
    }

    @Operation(summary = "The bulletin as PDF",
            description = "Supervisor and admin tokens. Chinese text, font embedded.")
    @ApiResponse(responseCode = "200", description = "application/pdf")
    @ApiResponse(responseCode = "404", description = "No such bulletin")
    @ApiResponse(responseCode = "503", description = "No CJK font to embed on this server")
    @GetMapping("/api/v1/bulletins/{number}/pdf")
    ResponseEntity<byte[]> pdf(Caller caller, @PathVariable int number) {
        return download(documents.pdf(service.read(caller, number)), MediaType.APPLICATION_PDF,
                BulletinDocuments.fileName(number, "pdf"));
    }

    @Operation(summary = "The bulletin as an xlsx workbook", description = "Supervisor and admin tokens.")
    @ApiResponse(responseCode = "200", description = "xlsx")
    @ApiResponse(responseCode = "404", description = "No such bulletin")
    @GetMapping("/api/v1/bulletins/{number}/xlsx")
    ResponseEntity<byte[]> xlsx(Caller caller, @PathVariable int number) {
        return download(documents.xlsx(service.read(caller, number)), XLSX, BulletinDocuments.fileName(number, "xlsx"));
    }

    static ResponseEntity<byte[]> download(byte[] body, MediaType type, String fileName) {
        return ResponseEntity.ok()
            .contentType(type)
            .header(HttpHeaders.CONTENT_DISPOSITION,
                    ContentDisposition.attachment().filename(fileName).build().toString())
            .header(HttpHeaders.CACHE_CONTROL, "private, no-store")
            .body(body);
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

}
