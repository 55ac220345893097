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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Bulletins (督查通报) for other systems: list, generate, approve, publish, withdraw,
 * download. A bulletin is its plan's: its id is {@code <plan>:<N>}.
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
    record BulletinView(String id, String plan, int number, String state, LocalDate periodFrom, LocalDate periodTo,
            Instant generatedAt, Integer corrects, Integer previous, int initiatives, Map<String, Long> byHealth,
            List<Step> steps, Map<String, String> links) {

        record Step(String kind, String actor, Instant at, String note) {
        }

        static BulletinView of(BulletinLedger.Summary s) {
            Map<String, Long> byHealth = new LinkedHashMap<>();
            s.byHealth().forEach((health, count) -> byHealth.put(lower(health.name()), count));
            String id = s.id().toString();
            String self = "/api/v1/bulletins/" + id;
            return new BulletinView(id, s.plan(), s.number(), lower(s.state().name()), s.periodFrom(), s.periodTo(),
                    s.generatedAt(), s.corrects(), s.previous(), s.total(), byHealth,
                    s.steps()
                        .stream()
                        .map(x -> new Step(lower(x.getKind().name()), x.getActor(), x.getAt(), x.getNote()))
                        .toList(),
                    Map.of("self", self, "pdf", self + "/pdf", "xlsx", self + "/xlsx", "page",
                            "/ui/desk/bulletins/" + id));
        }

        static BulletinView of(Bulletin b) {
            return of(BulletinLedger.Summary.of(b, -1));
        }
    }

    record Generate(String plan, Integer corrects) {
    }

    record Approve(Set<String> publicNotes) {
    }

    record Withdraw(String reason) {
    }

    @Operation(summary = "List bulletins, newest first",
            description = "Supervisor and admin tokens: those of the plans the caller oversees (a district's "
                    + "supervisor, its own plans'); plan: one plan's only.")
    @ApiResponse(responseCode = "200", description = "The bulletins' metadata")
    @GetMapping("/api/v1/bulletins")
    List<BulletinView> list(Caller caller, @RequestParam(required = false) String plan) {
        return service.list(caller, plan).stream().map(BulletinView::of).toList();
    }

    @Operation(summary = "Generate a draft bulletin from a plan as it stands",
            description = "Supervisors of the plan, and admins. plan: the plan (required once initiatives belong to "
                    + "plans); corrects: the number of a published bulletin of the plan this one corrects (a "
                    + "published bulletin never changes).")
    @ApiResponse(responseCode = "201", description = "The draft, numbered after the plan's last bulletin")
    @ApiResponse(responseCode = "400", description = "No plan named, and every initiative belongs to one")
    @ApiResponse(responseCode = "403", description = "A plan another office oversees")
    @ApiResponse(responseCode = "404", description = "plan names no plan, or corrects no bulletin")
    @ApiResponse(responseCode = "409", description = "corrects names a bulletin that is not published")
    @ApiResponse(responseCode = "503", description = "The plan's statuses or Kafka are not available yet: retry")
    @PostMapping("/api/v1/bulletins")
    ResponseEntity<BulletinView> generate(Caller caller, @RequestBody(required = false) Generate request) {
        Bulletin made = service.generate(caller, request == null ? null : request.plan(),
                request == null ? null : request.corrects());
        return ResponseEntity.created(URI.create("/api/v1/bulletins/" + BulletinId.of(made)))
            .body(BulletinView.of(made));
    }

    @Operation(summary = "One bulletin's metadata", description = "Supervisors of its plan, and admins.")
    @ApiResponse(responseCode = "200", description = "The bulletin")
    @ApiResponse(responseCode = "404", description = "No such bulletin")
    @GetMapping("/api/v1/bulletins/{id}")
    BulletinView get(Caller caller, @PathVariable String id) {
        return BulletinView.of(service.summary(caller, BulletinId.parse(id)));
    }

    @Operation(summary = "Approve a draft (审核)",
            description = "Supervisors of its plan, and admins. publicNotes: ids of "
                    + "public initiatives whose department note the public page may show.")
    @ApiResponse(responseCode = "200", description = "Approved")
    @ApiResponse(responseCode = "404", description = "No such bulletin")
    @ApiResponse(responseCode = "409",
            description = "Published, withdrawn, or approved with other notes (problem+json, with state)")
    @PostMapping("/api/v1/bulletins/{id}/approve")
    BulletinView approve(Caller caller, @PathVariable String id, @RequestBody(required = false) Approve request) {
        return BulletinView
            .of(service.approve(caller, BulletinId.parse(id), request == null ? null : request.publicNotes()));
    }

    @Operation(summary = "Publish an approved bulletin (发布)",
            description = "Supervisors of its plan, and admins. The public page then shows its figures.")
    @ApiResponse(responseCode = "200", description = "Published")
    @ApiResponse(responseCode = "404", description = "No such bulletin")
    @ApiResponse(responseCode = "409", description = "A draft or withdrawn (problem+json, with state)")
    @PostMapping("/api/v1/bulletins/{id}/publish")
    BulletinView publish(Caller caller, @PathVariable String id) {
        return BulletinView.of(service.publish(caller, BulletinId.parse(id)));
    }

    @Operation(summary = "Withdraw a draft or an approved bulletin",
            description = "Supervisors of its plan, and admins.")
    @ApiResponse(responseCode = "200", description = "Withdrawn")
    @ApiResponse(responseCode = "404", description = "No such bulletin")
    @ApiResponse(responseCode = "409", description = "Published: it never changes (problem+json, with state)")
    @PostMapping("/api/v1/bulletins/{id}/withdraw")
    BulletinView withdraw(Caller caller, @PathVariable String id, @RequestBody(required = false) Withdraw request) {
        return BulletinView
            .of(service.withdraw(caller, BulletinId.parse(id), request == null ? null : request.reason()));
    }

    @Operation(summary = "The bulletin as PDF",
            description = "Supervisors of its plan, and admins. Chinese text, font embedded.")
    @ApiResponse(responseCode = "200", description = "application/pdf")
    @ApiResponse(responseCode = "404", description = "No such bulletin")
    @ApiResponse(responseCode = "503", description = "No CJK font to embed on this server")
    @GetMapping("/api/v1/bulletins/{id}/pdf")
    ResponseEntity<byte[]> pdf(Caller caller, @PathVariable String id) {
        BulletinId bulletin = BulletinId.parse(id);
        return download(documents.pdf(service.read(caller, bulletin)), MediaType.APPLICATION_PDF,
                BulletinDocuments.fileName(bulletin, "pdf"));
    }

    @Operation(summary = "The bulletin as an xlsx workbook", description = "Supervisors of its plan, and admins.")
    @ApiResponse(responseCode = "200", description = "xlsx")
    @ApiResponse(responseCode = "404", description = "No such bulletin")
    @GetMapping("/api/v1/bulletins/{id}/xlsx")
    ResponseEntity<byte[]> xlsx(Caller caller, @PathVariable String id) {
        BulletinId bulletin = BulletinId.parse(id);
        return download(documents.xlsx(service.read(caller, bulletin)), XLSX,
                BulletinDocuments.fileName(bulletin, "xlsx"));
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
