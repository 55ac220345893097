package org.planwatch.publisher.catalog;

import java.util.List;

import org.planwatch.publisher.problem.UnknownInitiativeException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The catalog of initiatives: {@code /api/v1/initiatives}. */
@RestController
@RequestMapping("/api/v1/initiatives")
class CatalogController {

    private final CatalogService catalog;

    CatalogController(CatalogService catalog) {
        this.catalog = catalog;
    }

    /** Creates (201) or replaces (200) an entry; a replacement is a re-baseline, kept in the topic's history. */
    @PutMapping("/{id}")
    ResponseEntity<InitiativeDocument> put(@PathVariable String id, @RequestBody InitiativeDocument document) {
        boolean created = catalog.put(id, document, "api");
        InitiativeDocument stored = catalog.get(id).orElseThrow();
        return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK).body(stored);
    }

    @GetMapping
    List<InitiativeDocument> list() {
        return catalog.list();
    }

    @GetMapping("/{id}")
    InitiativeDocument get(@PathVariable String id) {
        return catalog.get(id).orElseThrow(() -> new UnknownInitiativeException(id));
    }
}
