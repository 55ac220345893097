package org.planwatch.publisher.plan;

import java.util.List;
import java.util.Map;

/**
 * What {@code POST /api/v1/plans/{id}/carry-over} takes: the plan to carry into;
 * optionally the initiatives to carry (default: every unfinished one) and their new ids
 * by old id (default: the old id with the next plan's year).
 */
record CarryOverRequest(String into, List<String> initiatives, Map<String, String> ids) {
}
