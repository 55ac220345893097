package org.planwatch.publisher.catalog;

import org.planwatch.access.PlanOwners;
import java.util.List;

import org.planwatch.access.AccessDeniedException;
import org.planwatch.access.Caller;
import org.planwatch.access.Role;
import org.planwatch.publisher.problem.UnknownInitiativeException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The catalog of initiatives: {@code /api/v1/initiatives}. */
@Tag(name = "catalog", description = "The plan: one entry per initiative")
@RestController
@RequestMapping("/api/v1/initiatives")
class CatalogController {

    private final CatalogService catalog;

    private final PlanOwners owners;

    CatalogController(CatalogService catalog, PlanOwners owners) {
        this.catalog = catalog;
        this.owners = owners;
    }

    /**
     * Creates (201) or replaces (200) an entry; a replacement is a re-baseline, kept in
     * the topic's history. Admins only; {@code updatedBy} records which token did it.
     */
    @Operation(summary = "Create or re-baseline a catalog entry",
            description = "Admins only. 201 when new, 200 when replaced (a re-baseline; the old entry stays"
                    + " in the topic history). 400 names the invalid field.")
    @PutMapping("/{id}")
    ResponseEntity<InitiativeDocument> put(Caller caller, @PathVariable String id,
            @RequestBody InitiativeDocument document) {
        caller.require(Role.ADMIN, "edit the catalog");
        boolean created = catalog.put(id, document, "token:" + caller.tokenId());
        InitiativeDocument stored = catalog.get(id).orElseThrow();
        return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK).body(stored);
    }

    /**
     * Supervisors and admins see every entry; a department, the entries it owns or
     * supports.
     */
    @Operation(summary = "List catalog entries",
            description = "Admins and the city's supervisors: every entry; a district's supervisor: its plans'"
                    + " entries; a department: the entries it owns or supports.")
    @GetMapping
    List<InitiativeDocument> list(Caller caller) {
        return catalog.list().stream().filter(d -> mayRead(caller, d)).toList();
    }

    private boolean mayRead(Caller caller, InitiativeDocument d) {
        return caller.mayRead(d.department(), d.supportingDepartments(), owners.of(d.plan()));
    }

    @Operation(summary = "Read one catalog entry",
            description = "404 for an unknown id (a department, or a district's supervisor, gets 403 for any id it"
                    + " may not read, known or not).")
    @GetMapping("/{id}")
    InitiativeDocument get(Caller caller, @PathVariable String id) {
        InitiativeDocument document = catalog.get(id).orElse(null);
        if (document == null && caller.seesUnknownIds()) {
            throw new UnknownInitiativeException(id);
        }
        if (document == null || !mayRead(caller, document)) {
            throw AccessDeniedException.initiative(id);
        }
        return document;
    }

}
