package org.planwatch.sheets;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which column of a sheet holds which field, from the header row. Headers are matched
 * loosely (case, full-width characters, surrounding spaces and {@code *}, a unit in
 * brackets like {@code (%)} or {@code （栋）} do not matter), but a header that matches
 * nothing is a problem: a misspelt column would otherwise drop its values without a word.
 */
final class Columns {

    /**
     * A field and the header names it goes by.
     *
     * @param key the field, as in the JSON API (also accepted as a header)
     * @param chinese the header the templates use
     * @param required whether the column must be there
     * @param aliases other accepted headers
     */
    record Spec(String key, String chinese, boolean required, List<String> aliases) {

        Spec(String key, String chinese, boolean required, String... aliases) {
            this(key, chinese, required, List.of(aliases));
        }
    }

    /**
     * Columns named by a prefix and an id, such as {@code 指标:villas}.
     *
     * @param key the id a header names, or null when it is not such a header
     * @param hint how to write them, for the "unknown column" message
     * ({@code 指标:<kpiId>})
     */
    record Dynamic(Function<String, String> key, String hint) {

        static final Dynamic NONE = new Dynamic(h -> null, null);

    }

    private static final Pattern UNIT_SUFFIX = Pattern.compile("\\s*\\([^()]*\\)$");

    private final Map<String, Integer> indexByKey = new HashMap<>();

    private final Map<String, String> headerByKey = new HashMap<>();

    private final Map<Integer, String> dynamicByIndex = new LinkedHashMap<>();

    private final List<String> header;

    private Columns(List<String> header) {
        this.header = header;
    }

    /**
     * @param dynamic headers no spec matches may name a dynamic field (a KPI id from
     * {@code 指标:villas})
     * @param problems receives the header's problems, all on row 1
     */
    static Columns resolve(Table table, List<Spec> specs, Dynamic dynamic, List<Problem> problems) {
        List<String> header = table.header();
        Columns columns = new Columns(header);
        if (header.stream().allMatch(String::isBlank)) {
            problems.add(Problem.of(1, "", "第 1 行应为表头，但它是空的", "row 1 must be the header, but it is empty"));
            return columns;
        }
        Map<String, Spec> byName = new HashMap<>();
        for (Spec spec : specs) {
            byName.put(normalize(spec.key()), spec);
            byName.put(normalize(spec.chinese()), spec);
            spec.aliases().forEach(a -> byName.put(normalize(a), spec));
        }
        Map<String, Integer> dynamicSeen = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String written = header.get(i).replace("\uFEFF", "").strip();
            if (written.isEmpty()) {
                continue;
            }
            Spec spec = byName.get(normalize(written));
            String dynamicKey = spec == null ? dynamic.key().apply(written) : null;
            if (spec != null && columns.indexByKey.putIfAbsent(spec.key(), i) == null) {
                columns.headerByKey.put(spec.key(), written);
            }
            else if (spec != null || (dynamicKey != null && dynamicSeen.putIfAbsent(dynamicKey, i) != null)) {
                problems
                    .add(Problem.of(1, written, "列「" + written + "」重复出现", "column \"" + written + "\" appears twice"));
            }
            else if (dynamicKey != null) {
                columns.dynamicByIndex.put(i, dynamicKey);
            }
            else {
                String hint = dynamic.hint() == null ? "" : ", " + dynamic.hint();
                problems.add(Problem.of(1, written, "未知的列「" + written + "」；可用的列：" + accepted(specs) + hint,
                        "unknown column \"" + written + "\"; accepted: " + acceptedEnglish(specs) + hint));
            }
        }
        for (Spec spec : specs) {
            if (spec.required() && !columns.indexByKey.containsKey(spec.key())) {
                problems.add(Problem.of(1, spec.chinese(), "缺少必填列「" + spec.chinese() + "」",
                        "missing required column " + spec.key()));
            }
        }
        columns.unheadedData(table, problems);
        return columns;
    }

    /** Values under no header would be lost: say so, by the column's letter. */
    private void unheadedData(Table table, List<Problem> problems) {
        int widest = table.rows().stream().mapToInt(l -> l.cells().size()).max().orElse(0);
        for (int i = 0; i < widest; i++) {
            boolean headed = i < header.size() && !header.get(i).isBlank();
            int column = i;
            if (!headed && table.rows().stream().anyMatch(l -> !l.cell(column).blank())) {
                String letter = letter(i);
                problems.add(Problem.of(1, letter, "第 " + letter + " 列有数据但没有表头",
                        "column " + letter + " has values but no header"));
            }
        }
    }

    boolean has(String key) {
        return indexByKey.containsKey(key);
    }

    Cell cell(Table.Line line, String key) {
        Integer index = indexByKey.get(key);
        return index == null ? Cell.BLANK : line.cell(index);
    }

    /**
     * The column's header as written in the file, or {@code fallback} (its Chinese name)
     * when absent.
     */
    String header(String key, String fallback) {
        return headerByKey.getOrDefault(key, fallback);
    }

    /** Dynamic columns (KPIs) in file order: column index to key. */
    Map<Integer, String> dynamic() {
        return dynamicByIndex;
    }

    String headerAt(int index) {
        return header.get(index).replace("\uFEFF", "").strip();
    }

    /**
     * For matching: NFKC (full-width letters, digits, colon and brackets become ASCII),
     * no BOM, no {@code *} marks, no trailing unit in brackets, lower case, single
     * spaces.
     */
    static String normalize(String header) {
        String s = Normalizer.normalize(header.replace("\uFEFF", ""), Normalizer.Form.NFKC).strip();
        s = s.replaceAll("^\\*+|\\*+$", "").strip();
        s = UNIT_SUFFIX.matcher(s).replaceFirst("");
        return s.replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    static String letter(int index) {
        StringBuilder letters = new StringBuilder();
        for (int i = index + 1; i > 0; i = (i - 1) / 26) {
            letters.insert(0, (char) ('A' + (i - 1) % 26));
        }
        return letters.toString();
    }

    private static String accepted(List<Spec> specs) {
        return specs.stream().map(Spec::chinese).collect(Collectors.joining("、"));
    }

    private static String acceptedEnglish(List<Spec> specs) {
        List<String> keys = new ArrayList<>();
        specs.forEach(s -> keys.add(s.key()));
        return String.join(", ", keys);
    }

}
