package org.planwatch.client;

import java.util.Map;

/**
 * {@link KafkaProgressClient}: the initiative is not in the catalog it follows, so there
 * is no program topic to write to and no department to name. (Over HTTP the publisher
 * answers 403 for an unknown id, like for another department's initiative: a
 * {@link ReportRejectedException}.)
 */
public final class UnknownInitiativeException extends ReportRejectedException {

    private static final String TYPE = "/problems/unknown-initiative";

    private static final String TITLE = "Unknown initiative";

    public UnknownInitiativeException(String eventId, String initiativeId) {
        super(eventId, problem(initiativeId));
    }

    private static Problem problem(String initiativeId) {
        String detail = "No initiative '" + initiativeId + "' in the catalog";
        return new Problem(404, TYPE, TITLE, detail, "initiativeId", ReportJson
            .write(Map.of("type", TYPE, "title", TITLE, "status", 404, "detail", detail, "field", "initiativeId")));
    }

}
