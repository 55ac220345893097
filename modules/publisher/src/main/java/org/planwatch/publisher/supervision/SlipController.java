package org.planwatch.publisher.supervision;

import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.planwatch.access.Caller;
import org.planwatch.events.avro.SupervisionKind;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The supervision loop (督办) for people's pages and other systems: issue → sign → answer →
 * check → close or return, escalation and withdrawal. Each step is 202 once Kafka
 * acknowledged it, and idempotent by eventId.
 */
@Tag(name = "supervision",
        description = "Supervision slips (督办单): issue, sign, answer, return, close, escalate, withdraw")
@RestController
class SlipController {

    private final SlipService slips;

    private final SlipList list;

    SlipController(SlipService slips, SlipList list) {
        this.slips = slips;
        this.list = list;
    }

    @Operation(summary = "Issue a supervision slip", description = "Supervisor and admin tokens. 202 with the slipId "
            + "once Kafka acknowledged the step. colour: blue, yellow or red; signBy and answerBy default to one and "
            + "seven days on. 409 when the slipId was issued already.")
    @ApiResponse(responseCode = "202", description = "Kafka acknowledged the step: eventId and slipId")
    @ApiResponse(responseCode = "400", description = "A field is missing or invalid (problem+json names it)")
    @ApiResponse(responseCode = "404", description = "No such initiative (supervisors) or slip")
    @ApiResponse(responseCode = "409",
            description = "The slip's state does not allow this step (problem+json, with state)")
    @ApiResponse(responseCode = "503", description = "Kafka did not acknowledge in time: retry with the same eventId")
    @PostMapping("/api/v1/initiatives/{id}/slips")
    ResponseEntity<Map<String, String>> issue(Caller caller, @PathVariable String id,
            @RequestBody(required = false) SlipRequests.Issue request) {
        return accepted(id, slips.issue(caller, id, request));
    }

    @Operation(summary = "Sign for a slip (签收)",
            description = "The owning department's token only. 409 unless the " + "slip is issued and not signed.")
    @ApiResponse(responseCode = "202", description = "Kafka acknowledged the step: eventId and slipId")
    @ApiResponse(responseCode = "400", description = "A field is missing or invalid (problem+json names it)")
    @ApiResponse(responseCode = "404", description = "No such initiative (supervisors) or slip")
    @ApiResponse(responseCode = "409",
            description = "The slip's state does not allow this step (problem+json, with state)")
    @ApiResponse(responseCode = "503", description = "Kafka did not acknowledge in time: retry with the same eventId")
    @PostMapping("/api/v1/initiatives/{id}/slips/{slipId}/sign")
    ResponseEntity<Map<String, String>> sign(Caller caller, @PathVariable String id, @PathVariable String slipId,
            @RequestBody(required = false) SlipRequests.Sign request) {
        return accepted(id, slips.sign(caller, id, slipId, request));
    }

    @Operation(summary = "Answer a slip (反馈)",
            description = "The owning department's token only: cause, remedy "
                    + "and promisedDate. 409 unless the slip is signed or returned.")
    @ApiResponse(responseCode = "202", description = "Kafka acknowledged the step: eventId and slipId")
    @ApiResponse(responseCode = "400", description = "A field is missing or invalid (problem+json names it)")
    @ApiResponse(responseCode = "404", description = "No such initiative (supervisors) or slip")
    @ApiResponse(responseCode = "409",
            description = "The slip's state does not allow this step (problem+json, with state)")
    @ApiResponse(responseCode = "503", description = "Kafka did not acknowledge in time: retry with the same eventId")
    @PostMapping("/api/v1/initiatives/{id}/slips/{slipId}/answer")
    ResponseEntity<Map<String, String>> answer(Caller caller, @PathVariable String id, @PathVariable String slipId,
            @RequestBody(required = false) SlipRequests.Answer request) {
        return accepted(id, slips.answer(caller, id, slipId, request));
    }

    @Operation(summary = "Send an answered slip back (退回)",
            description = "Supervisor and admin tokens; text says " + "why. 409 unless the slip is answered.")
    @ApiResponse(responseCode = "202", description = "Kafka acknowledged the step: eventId and slipId")
    @ApiResponse(responseCode = "400", description = "A field is missing or invalid (problem+json names it)")
    @ApiResponse(responseCode = "404", description = "No such initiative (supervisors) or slip")
    @ApiResponse(responseCode = "409",
            description = "The slip's state does not allow this step (problem+json, with state)")
    @ApiResponse(responseCode = "503", description = "Kafka did not acknowledge in time: retry with the same eventId")
    @PostMapping("/api/v1/initiatives/{id}/slips/{slipId}/return")
    ResponseEntity<Map<String, String>> sendBack(Caller caller, @PathVariable String id, @PathVariable String slipId,
            @RequestBody(required = false) SlipRequests.Note request) {
        return accepted(id, slips.supervise(caller, id, slipId, SupervisionKind.RETURNED, request));
    }

    @Operation(summary = "Close a checked slip (办结销号)",
            description = "Supervisor and admin tokens; the caller "
                    + "is recorded as who verified it. 409 unless the slip is answered.")
    @ApiResponse(responseCode = "202", description = "Kafka acknowledged the step: eventId and slipId")
    @ApiResponse(responseCode = "400", description = "A field is missing or invalid (problem+json names it)")
    @ApiResponse(responseCode = "404", description = "No such initiative (supervisors) or slip")
    @ApiResponse(responseCode = "409",
            description = "The slip's state does not allow this step (problem+json, with state)")
    @ApiResponse(responseCode = "503", description = "Kafka did not acknowledge in time: retry with the same eventId")
    @PostMapping("/api/v1/initiatives/{id}/slips/{slipId}/close")
    ResponseEntity<Map<String, String>> close(Caller caller, @PathVariable String id, @PathVariable String slipId,
            @RequestBody(required = false) SlipRequests.Note request) {
        return accepted(id, slips.supervise(caller, id, slipId, SupervisionKind.CLOSED, request));
    }

    @Operation(summary = "Withdraw an open slip",
            description = "Supervisor and admin tokens; text says why. 409 once " + "it is closed or withdrawn.")
    @ApiResponse(responseCode = "202", description = "Kafka acknowledged the step: eventId and slipId")
    @ApiResponse(responseCode = "400", description = "A field is missing or invalid (problem+json names it)")
    @ApiResponse(responseCode = "404", description = "No such initiative (supervisors) or slip")
    @ApiResponse(responseCode = "409",
            description = "The slip's state does not allow this step (problem+json, with state)")
    @ApiResponse(responseCode = "503", description = "Kafka did not acknowledge in time: retry with the same eventId")
    @PostMapping("/api/v1/initiatives/{id}/slips/{slipId}/withdraw")
    ResponseEntity<Map<String, String>> withdraw(Caller caller, @PathVariable String id, @PathVariable String slipId,
            @RequestBody(required = false) SlipRequests.Note request) {
        return accepted(id, slips.supervise(caller, id, slipId, SupervisionKind.WITHDRAWN, request));
    }

    @Operation(summary = "Escalate an open slip by hand (升级)", description = "Supervisor and admin tokens; colour "
            + "must be stronger than the slip's. The aggregator escalates unanswered slips on its own after the "
            + "configured working days.")
    @ApiResponse(responseCode = "202", description = "Kafka acknowledged the step: eventId and slipId")
    @ApiResponse(responseCode = "400", description = "A field is missing or invalid (problem+json names it)")
    @ApiResponse(responseCode = "404", description = "No such initiative (supervisors) or slip")
    @ApiResponse(responseCode = "409",
            description = "The slip's state does not allow this step (problem+json, with state)")
    @ApiResponse(responseCode = "503", description = "Kafka did not acknowledge in time: retry with the same eventId")
    @PostMapping("/api/v1/initiatives/{id}/slips/{slipId}/escalate")
    ResponseEntity<Map<String, String>> escalate(Caller caller, @PathVariable String id, @PathVariable String slipId,
            @RequestBody(required = false) SlipRequests.Escalate request) {
        return accepted(id, slips.escalate(caller, id, slipId, request));
    }

    @Operation(summary = "List slips",
            description = "Supervisors and admins see the slips of the plans they oversee, a department the "
                    + "slips of the initiatives it owns. Late ones first, then by answer-by. Filters: state (open for "
                    + "all open ones), department, colour, plan (a plan's initiatives only).")
    @GetMapping("/api/v1/slips")
    SlipList.Page listSlips(Caller caller, @RequestParam(required = false) String state,
            @RequestParam(required = false) String department, @RequestParam(required = false) String colour,
            @RequestParam(required = false) String plan) {
        return list.list(caller, plan == null || plan.isBlank() ? null : plan, state, department, colour);
    }

    private static ResponseEntity<Map<String, String>> accepted(String initiativeId, SlipService.Accepted step) {
        return ResponseEntity.accepted()
            .body(Map.of("eventId", step.eventId(), "slipId", step.slipId(), "initiativeId", initiativeId, "status",
                    "accepted"));
    }

}
