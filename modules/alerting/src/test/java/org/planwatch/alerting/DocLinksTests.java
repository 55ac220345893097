package org.planwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The project's own markdown: every relative link reaches a file, every {@code #anchor} a
 * heading of the file it points into (by GitHub's slug), and the README stays a
 * newcomer's first screen. A moved section or a renamed heading fails here, with every
 * broken link listed.
 */
class DocLinksTests {

    static final int README_MAX_BYTES = 15_000;

    /** The files whose links are checked, besides every {@code docs/**}{@code /*.md}. */
    static final List<String> TOP_LEVEL = List.of("README.md", "CONTRIBUTING.md", "RELIABILITY.md", "BENCHMARKS.md");

    private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})");

    /**
     * A code span: a run of backticks, then anything but a blank line, then a run of the
     * same length.
     */
    private static final Pattern CODE_SPAN = Pattern.compile("(?<!`)(`+)(?!`)((?:(?!\\n[ \\t]*\\n).)+?)(?<!`)\\1(?!`)",
            Pattern.DOTALL);

    /**
     * {@code [text](target)} or {@code ![alt](target)}, text over several lines and one
     * level of brackets allowed.
     */
    private static final Pattern INLINE_LINK = Pattern
        .compile("\\[(?:[^\\[\\]]|\\[[^\\[\\]]*\\])*\\]\\(\\s*<?([^\\s()<>]*)>?(?:\\s+(?:\"[^\"]*\"|'[^']*'))?\\s*\\)");

    /** {@code [label]: target}, a reference definition. */
    private static final Pattern REFERENCE = Pattern.compile("(?m)^ {0,3}\\[[^\\]]+\\]:[ \\t]*<?([^\\s<>]+)>?.*$");

    private static final Pattern HEADING = Pattern.compile("^ {0,3}#{1,6}(?:[ \\t]+(.*?))?(?:[ \\t]+#+)?[ \\t]*$");

    private static final Pattern SKIPPED = Pattern.compile("^(?i)(https?|mailto):.*");

    @Test
    void everyRelativeLinkReachesAFileAndEveryAnchorAHeading() throws IOException {
        List<Path> files = markdownFiles(Tool.REPO);
        Links links = check(Tool.REPO, files);

        assertThat(links.checked()).as("links found in %s (a scanner that finds none checks nothing)", files)
            .isGreaterThan(50);
        assertThat(links.broken())
            .withFailMessage("%d broken link(s) in the project's markdown:%n  %s", links.broken().size(),
                    String.join(System.lineSeparator() + "  ", links.broken()))
            .isEmpty();
    }

    @Test
    void readmeStaysShort() throws IOException {
        long size = Files.size(Tool.REPO.resolve("README.md"));
        assertThat(size)
            .withFailMessage("README.md is %,d bytes, more than %,d: move detail to docs/ and link to it", size,
                    README_MAX_BYTES)
            .isLessThanOrEqualTo(README_MAX_BYTES);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = { "Quick start | quick-start",
            "Who may do what: tokens and roles | who-may-do-what-tokens-and-roles",
            "Kafka security (SASL_SSL, SCRAM, ACLs) | kafka-security-sasl_ssl-scram-acls",
            "Reporting progress (HTTP API, port 8080) | reporting-progress-http-api-port-8080",
            "For supervisors: the desk (督查工作台) | for-supervisors-the-desk-督查工作台",
            "planwatch — progress monitoring | planwatch--progress-monitoring",
            "ADR 0001: the `initiative-status` topic, written once | adr-0001-the-initiative-status-topic-written-once",
            "See [the rules](supervisors.md) first | see-the-rules-first",
            "Micro-benchmarks (JMH) | micro-benchmarks-jmh", })
    void slugsAreGitHubs(String heading, String slug) {
        assertThat(slug(heading)).isEqualTo(slug);
    }

    @Test
    void reportsEveryKindOfBrokenLink(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/guide.md"), """
                # Guide

                ## Same heading
                ## Same heading
                ```bash
                # not a heading
                echo '[nor](a-link.md)'
                ```
                """);
        Files.writeString(root.resolve("README.md"), """
                # Read me

                [fine](docs/guide.md) [fine](docs/guide.md#same-heading) [fine](docs/guide.md#same-heading-1)
                [fine](#read-me) [fine](https://example.org/nowhere.md) [fine](mailto:someone@example.org)
                [fine](docs/) `[not a link](nowhere.md)`
                [missing file](docs/nowhere.md)
                [missing heading](docs/guide.md#no-such-heading) [missing here](#nowhere)
                [a heading in code](docs/guide.md#not-a-heading) [wrapped
                over two lines](docs/gone.md)

                [ref]: docs/also-gone.md
                """);

        Links links = check(root, List.of(root.resolve("README.md"), root.resolve("docs/guide.md")));

        assertThat(links.broken()).containsExactly("README.md:6: (docs/nowhere.md) no such file: docs/nowhere.md",
                "README.md:7: (docs/guide.md#no-such-heading) no heading #no-such-heading in docs/guide.md",
                "README.md:7: (#nowhere) no heading #nowhere in README.md",
                "README.md:8: (docs/guide.md#not-a-heading) no heading #not-a-heading in docs/guide.md",
                "README.md:9: (docs/gone.md) no such file: docs/gone.md",
                "README.md:11: (docs/also-gone.md) no such file: docs/also-gone.md");
        assertThat(links.checked()).isEqualTo(11);
    }

    /** What a check found: how many links it looked at, and one line per broken one. */
    record Links(int checked, List<String> broken) {
    }

    static List<Path> markdownFiles(Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String name : TOP_LEVEL) {
            files.add(root.resolve(name));
        }
        try (Stream<Path> docs = Files.walk(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md") && Files.isRegularFile(p)).sorted().forEach(files::add);
        }
        return files;
    }

    static Links check(Path root, List<Path> files) throws IOException {
        Map<Path, Set<String>> anchors = new HashMap<>();
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path file : files) {
            String name = root.relativize(file).toString();
            if (!Files.isRegularFile(file)) {
                broken.add(name + ": the file itself is missing");
                continue;
            }
            String prose = withoutCode(Files.readString(file, StandardCharsets.UTF_8));
            for (Link link : links(prose)) {
                if (SKIPPED.matcher(link.target()).matches()) {
                    continue;
                }
                checked++;
                String problem = problem(root, file, link.target(), anchors);
                if (problem != null) {
                    broken.add(name + ":" + link.line() + ": (" + link.target() + ") " + problem);
                }
            }
        }
        return new Links(checked, broken);
    }

    private record Link(int line, String target) {
    }

    private static List<Link> links(String prose) {
        List<Link> links = new ArrayList<>();
        for (Pattern pattern : List.of(INLINE_LINK, REFERENCE)) {
            Matcher m = pattern.matcher(prose);
            while (m.find()) {
                int line = 1 + (int) prose.substring(0, m.start(1)).chars().filter(c -> c == '\n').count();
                links.add(new Link(line, m.group(1)));
            }
        }
        links.sort((a, b) -> Integer.compare(a.line(), b.line()));
        return links;
    }

    /**
     * @return why the link is broken, or null when it is not
     */
    private static String problem(Path root, Path from, String target, Map<Path, Set<String>> anchors) {
        int hash = target.indexOf('#');
        String path = decode(hash < 0 ? target : target.substring(0, hash));
        String anchor = hash < 0 ? null : decode(target.substring(hash + 1));
        Path to = path.isEmpty() ? from : from.getParent().resolve(path).normalize();
        if (!to.startsWith(root)) {
            return "points outside the repository";
        }
        if (!Files.exists(to)) {
            return "no such file: " + root.relativize(to);
        }
        if (anchor == null) {
            return null;
        }
        if (!to.toString().endsWith(".md") || !Files.isRegularFile(to)) {
            return "an anchor into a file that is not markdown: " + root.relativize(to);
        }
        Set<String> headings = anchors.computeIfAbsent(to, DocLinksTests::anchors);
        return headings.contains(anchor) ? null : "no heading #" + anchor + " in " + root.relativize(to);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /**
     * The anchors GitHub gives a file's headings: each slug, and a repeated one with -1,
     * -2, ...
     */
    static Set<String> anchors(Path file) {
        String text;
        try {
            text = withoutFences(Files.readString(file, StandardCharsets.UTF_8));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Integer> seen = new HashMap<>();
        Set<String> anchors = new LinkedHashSet<>();
        for (String line : text.split("\n", -1)) {
            Matcher m = HEADING.matcher(line);
            if (m.matches()) {
                String slug = slug(m.group(1) == null ? "" : m.group(1));
                int n = seen.merge(slug, 1, Integer::sum) - 1;
                anchors.add(n == 0 ? slug : slug + "-" + n);
            }
        }
        return anchors;
    }

    /**
     * GitHub's anchor for a heading: its text as rendered (a link's text, code without
     * backticks, no HTML tags), lower case, every character but letters (CJK included),
     * digits, marks, '-' and '_' dropped, each space a '-'.
     */
    static String slug(String heading) {
        String text = heading.strip()
            .replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1")
            .replaceAll("<[^>]+>", "")
            .toLowerCase(Locale.ROOT);
        StringBuilder slug = new StringBuilder();
        text.codePoints().forEach(c -> {
            int type = Character.getType(c);
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_' || type == Character.NON_SPACING_MARK
                    || type == Character.COMBINING_SPACING_MARK || type == Character.ENCLOSING_MARK) {
                slug.appendCodePoint(c);
            }
            else if (c == ' ') {
                slug.append('-');
            }
        });
        return slug.toString();
    }

    /**
     * The text with fenced code blocks blanked out, line numbers kept: a heading in code
     * is none.
     */
    static String withoutFences(String markdown) {
        String text = markdown.startsWith("\uFEFF") ? markdown.substring(1) : markdown;
        List<String> lines = new ArrayList<>(List.of(text.replace("\r\n", "\n").split("\n", -1)));
        String fence = null;
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = FENCE.matcher(lines.get(i));
            if (fence == null && m.find()) {
                fence = m.group(1);
                lines.set(i, "");
            }
            else if (fence != null) {
                String line = lines.get(i).strip();
                char mark = fence.charAt(0);
                if (line.startsWith(fence) && line.chars().allMatch(c -> c == mark)) {
                    fence = null;
                }
                lines.set(i, "");
            }
        }
        return String.join("\n", lines);
    }

    /**
     * The text with fenced code blocks and code spans blanked out, line numbers kept: a
     * link in code is none.
     */
    static String withoutCode(String markdown) {
        Matcher spans = CODE_SPAN.matcher(withoutFences(markdown));
        StringBuilder out = new StringBuilder();
        while (spans.find()) {
            String blank = spans.group()
                .codePoints()
                .mapToObj(c -> c == '\n' ? "\n" : "x")
                .collect(Collectors.joining());
            spans.appendReplacement(out, Matcher.quoteReplacement(blank));
        }
        spans.appendTail(out);
        return out.toString();
    }

}
