package org.planwatch.publisher.plan;

import org.planwatch.access.AccessDeniedException;
import java.util.List;

import org.planwatch.access.Caller;
import org.planwatch.access.Role;
import org.planwatch.publisher.catalog.CarryOver;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The plans (年度计划) initiatives belong to: {@code /api/v1/plans}. */
@Tag(name = "plans", description = "Yearly plans of a district or the city: period, owner and state")
@RestController
@RequestMapping("/api/v1/plans")
class PlanController {

    private final PlanService plans;

    PlanController(PlanService plans) {
        this.plans = plans;
    }

    @Operation(summary = "Create or change a plan",
            description = "Admins only. 201 when new, 200 when changed. Closing stamps the plan's initiatives, which"
                    + " keep their final verdict; archiving takes them off the per-initiative metrics. The state"
                    + " moves only forward (draft, active,"
                    + " closed, archived): a step back, or any change to an archived plan, is 409. 400 names the"
                    + " invalid field.")
    @PutMapping("/{id}")
    ResponseEntity<PlanDocument> put(Caller caller, @PathVariable String id, @RequestBody PlanDocument document) {
        caller.require(Role.ADMIN, "edit plans");
        boolean created = plans.put(id, document, "token:" + caller.tokenId());
        return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK).body(plans.get(id).orElseThrow());
    }

    @Operation(summary = "Carry a closed plan's unfinished initiatives into another plan",
            description = "Admins only. Each becomes a new initiative of the plan named by into, linked by carriedFrom,"
                    + " starting from the old one's final progress as its baseline; the old ones keep their final"
                    + " verdict and history. 409 unless the plan is closed; 400 names the invalid field. A retry"
                    + " answers the same, with created false.")
    @PostMapping("/{id}/carry-over")
    List<CarryOver.Carried> carryOver(Caller caller, @PathVariable String id, @RequestBody CarryOverRequest request) {
        caller.require(Role.ADMIN, "carry initiatives over");
        return plans.carryOver(id, request, "token:" + caller.tokenId());
    }

    @Operation(summary = "List plans",
            description = "Every signed-in caller: the plans are the frame all work in; a district's supervisor its"
                    + " district's only.")
    @GetMapping
    List<PlanDocument> list(Caller caller) {
        return plans.list().stream().filter(plan -> sees(caller, plan)).toList();
    }

    @Operation(summary = "Read one plan",
            description = "404 for an unknown id; 403 for a district's supervisor on another owner's plan.")
    @GetMapping("/{id}")
    PlanDocument get(Caller caller, @PathVariable String id) {
        PlanDocument plan = plans.get(id).orElse(null);
        if (plan == null && caller.role() == Role.SUPERVISOR && caller.owner() != null) {
            throw new AccessDeniedException("This token may not read plan '" + id + "'");
        }
        if (plan == null) {
            throw PlanService.unknown(id);
        }
        if (!sees(caller, plan)) {
            throw new AccessDeniedException("This token may not read plan '" + id + "'");
        }
        return plan;
    }

    /** A district's supervisor sees its own district's plans; every other role all. */
    private static boolean sees(Caller caller, PlanDocument plan) {
        return caller.role() != Role.SUPERVISOR || caller.oversees(plan.owner());
    }

}
