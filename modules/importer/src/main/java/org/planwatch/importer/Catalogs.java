package org.planwatch.importer;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.planwatch.sheets.ReadOptions.KnownInitiative;

/** The catalog as the publisher answers it, for checking rows before they are sent. */
final class Catalogs {

    /** The catalog could not be read: the message says why, for the clerk. */
    static final class CatalogException extends Exception {

        CatalogException(String message) {
            super(message);
        }

    }

    private Catalogs() {
    }

    /**
     * The initiatives the token may report on: a department's
     * {@code GET /api/v1/initiatives} lists exactly those it owns or supports, which are
     * the ones it may post events for.
     */
    @SuppressWarnings("unchecked")
    static List<KnownInitiative> known(PublisherClient client) throws CatalogException, InterruptedException {
        PublisherClient.Response response;
        try {
            response = client.get("api/v1/initiatives");
        }
        catch (PublisherClient.UnavailableException e) {
            throw new CatalogException(e.getMessage());
        }
        if (response.status() == 401) {
            throw new CatalogException("令牌无效或已吊销 (the token was refused: 401 " + response.detail() + ")");
        }
        if (response.status() != 200) {
            throw new CatalogException(
                    "无法读取事项目录 (cannot read the catalog: " + response.status() + " " + response.detail() + ")");
        }
        List<KnownInitiative> known = new ArrayList<>();
        for (Object item : PublisherClient.JSON.readValue(response.body(), List.class)) {
            Map<String, Object> doc = (Map<String, Object>) item;
            known.add(new KnownInitiative((String) doc.get("id"), ids(doc.get("kpis")), ids(doc.get("milestones"))));
        }
        return known;
    }

    @SuppressWarnings("unchecked")
    private static Set<String> ids(Object list) {
        Set<String> ids = new HashSet<>();
        if (list instanceof List<?> items) {
            items.forEach(i -> ids.add((String) ((Map<String, Object>) i).get("id")));
        }
        return ids;
    }

    /**
     * Whether the publisher's entry already says what the sheet says, so putting it again
     * would only make a needless re-baseline. Server-owned fields are left out; numbers
     * compare by value (1 = 1.0).
     */
    static boolean same(Map<String, Object> stored, Map<String, Object> sheet) {
        Map<String, Object> a = new LinkedHashMap<>(stored);
        List.of("id", "updatedAt", "updatedBy").forEach(a::remove);
        return normalize(a).equals(normalize(sheet));
    }

    @SuppressWarnings("unchecked")
    private static Object normalize(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((k, v) -> {
                Object n = normalize(v);
                if (n != null && !(n instanceof List<?> l && l.isEmpty())) {
                    out.put(k, n);
                }
            });
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Catalogs::normalize).toList();
        }
        if (value instanceof Number number) {
            return new BigDecimal(number.toString()).stripTrailingZeros();
        }
        return value;
    }

}
